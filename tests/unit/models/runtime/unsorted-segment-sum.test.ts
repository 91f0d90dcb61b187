import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../../lib/core/rng';
import {
  registerFastKernels,
  scatterAddSegments,
  unregisterFastKernels,
  unsortedSegmentSumCpuConfig,
} from '../../../../lib/models/runtime/kernels';

interface Case {
  name: string;
  shape: number[];
  idsShape: number[];
  numSegments: number;
  dtype: 'float32' | 'int32';
}

const CASES: Case[] = [
  { name: 'rank-1 data', shape: [50], idsShape: [50], numSegments: 7, dtype: 'float32' },
  {
    name: 'rank-2 data, 1-D ids (embedding gradient)',
    shape: [120, 6],
    idsShape: [120],
    numSegments: 40,
    dtype: 'float32',
  },
  { name: 'rank-3 data, 2-D ids', shape: [9, 5, 4], idsShape: [9, 5], numSegments: 11, dtype: 'float32' },
  { name: 'rank-4 data, 1-D ids', shape: [6, 2, 3, 2], idsShape: [6], numSegments: 4, dtype: 'float32' },
  { name: 'int32 data', shape: [30, 3], idsShape: [30], numSegments: 5, dtype: 'int32' },
  { name: 'more segments than rows (empty segments)', shape: [4, 3], idsShape: [4], numSegments: 25, dtype: 'float32' },
];

function randomInputs(c: Case, seed: number): { x: number[]; ids: number[] } {
  const rng = createRng(seed);
  const size = c.shape.reduce((a, b) => a * b, 1);
  const idsSize = c.idsShape.reduce((a, b) => a * b, 1);
  const x = Array.from({ length: size }, () => (c.dtype === 'int32' ? rng.int(21) - 10 : rng.next() * 2 - 1));
  const ids = Array.from({ length: idsSize }, () => rng.int(c.numSegments));
  return { x, ids };
}

/** Plain-JS reference: one masked pass per segment, like the stock kernel's definition. */
function reference(c: Case, x: number[], ids: number[]): number[] {
  const inner = x.length / ids.length;
  const out: number[] = [];
  for (let s = 0; s < c.numSegments; s++) {
    for (let j = 0; j < inner; j++) {
      let sum = 0;
      ids.forEach((id, i) => (sum += id === s ? x[i * inner + j] : 0));
      out.push(sum);
    }
  }
  return out;
}

function run(c: Case, x: number[], ids: number[]): { shape: number[]; values: number[]; dtype: string } {
  return tf.tidy(() => {
    const xT: tf.Tensor = tf.tensor(x, c.shape, c.dtype);
    const idsT: tf.Tensor = tf.tensor(ids, c.idsShape, 'int32');
    // Multi-dimensional ids are valid for the kernel; the op's typing only admits 1-D.
    const out = tf.unsortedSegmentSum(xT, idsT as tf.Tensor1D, c.numSegments);
    return { shape: out.shape, values: Array.from(out.dataSync()), dtype: out.dtype };
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});
afterAll(() => registerFastKernels());

describe('fast UnsortedSegmentSum (cpu)', () => {
  it.each(CASES)('equals a plain-JS reference: $name', (c) => {
    registerFastKernels();
    for (const seed of [1, 2, 3]) {
      const { x, ids } = randomInputs(c, seed);
      const fast = run(c, x, ids);
      expect(fast.shape).toEqual([c.numSegments, ...c.shape.slice(c.idsShape.length)]);
      expect(fast.dtype).toBe(c.dtype);
      const expected = reference(c, x, ids);
      fast.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
    }
  });

  // The stock kernel mis-broadcasts multi-dimensional ids (it throws), so compare 1-D ids only.
  it.each(CASES.filter((c) => c.idsShape.length === 1))('equals the stock kernel: $name', (c) => {
    for (const seed of [1, 2, 3]) {
      const { x, ids } = randomInputs(c, seed);
      unregisterFastKernels();
      const stock = run(c, x, ids);
      registerFastKernels();
      expect(tf.getKernel('UnsortedSegmentSum', 'cpu').kernelFunc).toBe(unsortedSegmentSumCpuConfig.kernelFunc);
      const fast = run(c, x, ids);
      expect(fast.shape).toEqual(stock.shape);
      expect(fast.values.length).toBe(stock.values.length);
      fast.values.forEach((v, i) => expect(v).toBeCloseTo(stock.values[i], 5));
    }
  });

  it('drops out-of-range ids like TensorFlow', () => {
    const out = new Float32Array(2);
    scatterAddSegments([1, 2, 4, 8], [0, -1, 2, 1], 2, out);
    expect(Array.from(out)).toEqual([1, 8]);
  });

  it('gives the same embedding gradient as the stock kernel', () => {
    const grad = () =>
      tf.tidy(() => {
        const table = tf.tensor2d(
          Array.from({ length: 30 * 4 }, (_, i) => Math.sin(i)),
          [30, 4],
        );
        const idx = tf.tensor1d([3, 3, 7, 0, 29, 3, 12], 'int32');
        const g = tf.grad((t: tf.Tensor) => tf.gather(t, idx).square().sum())(table);
        return Array.from(g.dataSync());
      });
    unregisterFastKernels();
    const stock = grad();
    registerFastKernels();
    const fast = grad();
    fast.forEach((v, i) => expect(v).toBeCloseTo(stock[i], 5));
  });

  it('registration is idempotent and leaks no tensors', () => {
    registerFastKernels();
    registerFastKernels();
    const before = tf.memory().numTensors;
    const { x, ids } = randomInputs(CASES[1], 9);
    run(CASES[1], x, ids);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.getKernel('UnsortedSegmentSum', 'cpu').kernelFunc).toBe(unsortedSegmentSumCpuConfig.kernelFunc);
  });

  it('Transpose: identity permutations share data, others match the stock kernel', () => {
    const cases: [number[], number[]][] = [
      [
        [3, 4],
        [0, 1],
      ],
      [
        [3, 4],
        [1, 0],
      ],
      [
        [2, 3, 4],
        [0, 1, 2],
      ],
      [
        [2, 3, 4],
        [2, 0, 1],
      ],
    ];
    const transpose = () =>
      cases.map(([shape, perm]) =>
        tf.tidy(() => {
          const x = tf.tensor(
            Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i * 0.5),
            shape,
          );
          const t = tf.transpose(x, perm);
          return { shape: t.shape, values: Array.from(t.dataSync()) };
        }),
      );
    unregisterFastKernels();
    const stock = transpose();
    registerFastKernels();
    const before = tf.memory().numTensors;
    expect(transpose()).toEqual(stock);
    expect(tf.memory().numTensors).toBe(before);
  });
});
