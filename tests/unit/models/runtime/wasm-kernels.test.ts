import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../../lib/core/rng';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { WASM_KERNELS } from '../../../../lib/models/runtime/kernels/wasm';

/**
 * The kernels registered for wasm (lib/models/runtime/kernels/wasm) against the
 * cpu backend on random shapes: values within 1e-5. Backends are switched
 * sequentially (tf.setBackend is process-wide).
 */

type Case = { name: string; run: () => tf.Tensor };

function randoms(n: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next() * 2 - 1);
}

function cases(): Case[] {
  const rng = createRng(11);
  const out: Case[] = [];
  for (let t = 0; t < 4; t++) {
    const n = 1 + rng.int(40);
    const d = 1 + rng.int(24);
    const segs = 1 + rng.int(30);
    const x = randoms(n * d, 100 + t);
    // Some ids out of range (dropped), some segments empty.
    const ids = Array.from({ length: n }, () => rng.int(segs + 2) - 1);
    out.push({
      name: `UnsortedSegmentSum [${n},${d}] -> ${segs}`,
      run: () => tf.unsortedSegmentSum(tf.tensor2d(x, [n, d]), tf.tensor1d(ids, 'int32'), segs),
    });
  }
  const x3 = randoms(6 * 5 * 3, 7);
  out.push({
    name: 'UnsortedSegmentSum rank-3 x, rank-2 ids',
    run: () =>
      tf.unsortedSegmentSum(
        tf.tensor3d(x3, [6, 5, 3]),
        tf.tensor2d(
          Array.from({ length: 30 }, (_, i) => (i * 7) % 9),
          [6, 5],
          'int32',
        ) as unknown as tf.Tensor1D,
        9,
      ),
  });
  out.push({
    name: 'UnsortedSegmentSum int32',
    run: () =>
      tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), tf.tensor1d([2, 0, 2], 'int32'), 3),
  });
  const convs: {
    b: number;
    h: number;
    w: number;
    c: number;
    fh: number;
    fw: number;
    o: number;
    s: number;
    pad: 'same' | 'valid';
  }[] = [
    { b: 2, h: 1, w: 12, c: 5, fh: 1, fw: 3, o: 7, s: 1, pad: 'same' }, // conv1d as the cnn encoder runs it
    { b: 3, h: 6, w: 7, c: 3, fh: 3, fw: 2, o: 4, s: 2, pad: 'valid' },
    { b: 1, h: 9, w: 5, c: 2, fh: 4, fw: 4, o: 3, s: 1, pad: 'same' },
  ];
  for (const [i, k] of convs.entries()) {
    const xv = randoms(k.b * k.h * k.w * k.c, 200 + i);
    const y = tf.backend_util.computeConv2DInfo([k.b, k.h, k.w, k.c], [k.fh, k.fw, k.c, k.o], k.s, 1, k.pad);
    const dyv = randoms(k.b * y.outHeight * y.outWidth * k.o, 300 + i);
    out.push({
      name: `Conv2DBackpropFilter x[${k.b},${k.h},${k.w},${k.c}] f[${k.fh},${k.fw},${k.c},${k.o}] s${k.s} ${k.pad}`,
      run: () =>
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x: tf.tensor4d(xv, [k.b, k.h, k.w, k.c]), dy: tf.tensor4d(dyv, [k.b, y.outHeight, y.outWidth, k.o]) },
            { strides: k.s, pad: k.pad, dataFormat: 'NHWC', filterShape: [k.fh, k.fw, k.c, k.o] },
          ) as tf.Tensor,
    });
  }
  return out;
}

async function runAll(backend: 'cpu' | 'wasm'): Promise<{ shape: number[]; values: Float32Array | Int32Array }[]> {
  await selectBackend(backend);
  return cases().map((c) =>
    tf.tidy(() => {
      const t = c.run();
      return { shape: t.shape, values: t.dataSync() as Float32Array | Int32Array };
    }),
  );
}

describe('wasm kernels', () => {
  afterAll(async () => {
    await selectBackend('cpu');
  });

  it('are registered for wasm and only for kernels wasm lacks', async () => {
    await selectBackend('wasm');
    for (const k of WASM_KERNELS) expect(tf.getKernel(k.kernelName, 'wasm')?.kernelFunc).toBe(k.kernelFunc);
    expect(WASM_KERNELS.map((k) => k.kernelName).sort()).toEqual(['Conv2DBackpropFilter', 'UnsortedSegmentSum']);
  });

  it('match the cpu backend within 1e-5 on random shapes', async () => {
    const cpu = await runAll('cpu');
    const wasm = await runAll('wasm');
    const names = cases().map((c) => c.name);
    wasm.forEach((w, i) => {
      expect({ name: names[i], shape: w.shape }).toEqual({ name: names[i], shape: cpu[i].shape });
      let diff = 0;
      w.values.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - cpu[i].values[j]))));
      expect({ name: names[i], ok: diff <= 1e-5 }).toEqual({ name: names[i], ok: true });
    });
  });

  it('leaves no tensors behind on wasm', async () => {
    await selectBackend('wasm');
    const before = tf.memory().numTensors;
    cases().forEach((c) => tf.tidy(() => void c.run().dataSync()));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a kernel wasm lacks fails loudly with its name and the backend, not a silent fallback', async () => {
    await selectBackend('wasm');
    const a = tf.ones([2, 3]);
    const b = tf.ones([3, 2]);
    expect(() => tf.einsum('ij,jk->ik', a, b)).toThrow(/Kernel 'Einsum' not registered for backend 'wasm'/);
    tf.dispose([a, b]);
  });
});
