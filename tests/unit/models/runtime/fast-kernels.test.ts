import * as tf from '@tensorflow/tfjs';
import { copyBox, registerFastKernels, unregisterFastKernels } from '../../../../lib/models/runtime/kernels';

/** Runs `f` with the stock cpu kernels, then with ours; returns both results as plain arrays. */
function stockVsFast(f: () => tf.Tensor | tf.Tensor[]): { stock: Float32Array[]; fast: Float32Array[] } {
  const run = () => tf.tidy(() => [f()].flat().map((t) => Float32Array.from(t.dataSync())));
  unregisterFastKernels();
  const stock = run();
  registerFastKernels();
  return { stock, fast: run() };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels();
});

afterAll(() => registerFastKernels());

describe('fast Conv2DBackpropFilter', () => {
  it.each([
    { stride: 1, pad: 'same' as const, k: 3 },
    { stride: 2, pad: 'valid' as const, k: 2 },
    { stride: 1, pad: 'valid' as const, k: 5 },
  ])('matches the stock kernel for conv1d (stride $stride, $pad, kernel $k)', ({ stride, pad, k }) => {
    const x = tf.randomUniform([3, 11, 4], -1, 1, 'float32', 1);
    const w = tf.randomUniform([k, 4, 5], -1, 1, 'float32', 2);
    const { stock, fast } = stockVsFast(() =>
      tf.grad((filter: tf.Tensor) =>
        tf
          .conv1d(x as tf.Tensor3D, filter as tf.Tensor3D, stride, pad)
          .square()
          .sum(),
      )(w),
    );
    expect(fast[0].length).toBe(k * 4 * 5);
    fast[0].forEach((v, i) => expect(v).toBeCloseTo(stock[0][i], 4));
    expect(fast[0].some((v) => v !== 0)).toBe(true);
    tf.dispose([x, w]);
  });

  it('matches the stock kernel for a 2-d conv with padding on both axes', () => {
    const x = tf.randomUniform([2, 6, 7, 3], -1, 1, 'float32', 3);
    const w = tf.randomUniform([3, 2, 3, 4], -1, 1, 'float32', 4);
    const { stock, fast } = stockVsFast(() =>
      tf.grad((filter: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, [2, 1], 'same').sum())(w),
    );
    fast[0].forEach((v, i) => expect(v).toBeCloseTo(stock[0][i], 4));
    tf.dispose([x, w]);
  });
});

describe('fast Slice / SplitV', () => {
  it('copyBox equals a plain nested-loop reference', () => {
    const shape = [3, 4, 5];
    const vals = Float32Array.from({ length: 60 }, (_, i) => i);
    const got = copyBox(vals, shape, [1, 1, 2], [2, 2, 3]);
    const want: number[] = [];
    for (let a = 1; a < 3; a++) for (let b = 1; b < 3; b++) for (let c = 2; c < 5; c++) want.push(a * 20 + b * 5 + c);
    expect(Array.from(got)).toEqual(want);
  });

  it('slices and splits exactly like the stock kernels (contiguous and not)', () => {
    const x = tf.randomUniform([4, 6, 9], -1, 1, 'float32', 5);
    const { stock, fast } = stockVsFast(() => [
      tf.slice(x, [1, 2, 3], [2, 3, 4]),
      tf.slice(x, [1, 0, 0], [2, 6, 9]),
      ...tf.split(x, [2, 3, 4], 2),
      ...tf.split(x, 3, 1),
      ...tf.split(x, 2, 0),
    ]);
    expect(fast.length).toBe(stock.length);
    fast.forEach((t, i) => expect(Array.from(t)).toEqual(Array.from(stock[i])));
    x.dispose();
  });

  it('keeps int32 slices int32', () => {
    const x = tf.tensor2d(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [2, 3],
      'int32',
    );
    const [a, b] = tf.split(x, [1, 2], 1);
    expect(a.dtype).toBe('int32');
    expect(Array.from(b.dataSync())).toEqual([2, 3, 5, 6]);
    tf.dispose([x, a, b]);
  });
});
