import * as tf from '@tensorflow/tfjs';

/**
 * `Slice` and `SplitV` for the tfjs pure-JS `cpu` backend, fast on
 * non-contiguous slices.
 *
 * Why: the stock kernel copies a non-contiguous slice one element at a time
 * through `indexToLoc` + `TensorBuffer.get(...loc)` (an array allocation per
 * element). A GRU splits its gate matrices with `SplitV` along the last axis at
 * every time step, in the forward and the backward pass, so this dominated a
 * BiGRU training step (~400 of ~900 ms per batch of 32 x 40 tokens). Here each
 * innermost run is copied with one loop over flat offsets. Contiguous slices,
 * and string or complex tensors, go to the stock kernels. Output values are
 * identical (a copy).
 */

interface CpuBackendLike {
  data: { get(dataId: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.TypedArray): tf.TensorInfo;
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap };

/** Copies the box `[begin, begin + size)` of a row-major `shape` array into a new array of `vals`' type. */
export function copyBox(
  vals: tf.TypedArray,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
): tf.TypedArray {
  const rank = shape.length;
  const strides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
  const run = size[rank - 1];
  const total = size.reduce((a, b) => a * b, 1);
  const out = new (vals.constructor as new (n: number) => tf.TypedArray)(total);
  const idx = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  for (let pos = 0; pos < total; pos += run) {
    let src = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) src += (begin[d] + idx[d]) * strides[d];
    for (let j = 0; j < run; j++) out[pos + j] = vals[src + j];
    for (let d = rank - 2; d >= 0; d--) {
      if (++idx[d] < size[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

function fastSlice(x: tf.TensorInfo, begin: number[], size: number[], backend: CpuBackendLike): tf.TensorInfo | null {
  if (x.dtype === 'string' || x.dtype === 'complex64' || x.shape.length === 0) return null;
  const [b, s] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, begin, size);
  if (tf.slice_util.isSliceContinous(x.shape, b, s) || s.some((n) => n === 0)) return null;
  tf.slice_util.assertParamsValid(x as unknown as tf.Tensor, b, s);
  const vals = backend.data.get(x.dataId).values as tf.TypedArray;
  return backend.makeTensorInfo(s, x.dtype, copyBox(vals, x.shape, b, s));
}

/** Wraps the stock `Slice` kernel config. */
export function makeSliceConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = ((args: KernelArgs) => {
    const { begin, size } = args.attrs as unknown as { begin: number[]; size: number[] };
    return (
      fastSlice(args.inputs.x as tf.TensorInfo, begin, size, args.backend as CpuBackendLike) ??
      stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0])
    );
  }) as unknown as tf.KernelFunc;
  return { ...stock, kernelFunc };
}

/** Wraps the stock `SplitV` kernel config: each piece is a slice along `axis`. */
export function makeSplitVConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = ((args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    const { numOrSizeSplits, axis } = args.attrs as unknown as { numOrSizeSplits: number | number[]; axis: number };
    const a = tf.util.parseAxisParam(axis, x.shape)[0];
    if (x.dtype === 'string' || x.dtype === 'complex64' || a === 0)
      return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
    const sliceKernel = tf.getKernel('Slice', 'cpu')!.kernelFunc as unknown as (a: KernelArgs) => tf.TensorInfo;
    const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, numOrSizeSplits, a);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((n) => {
      const size = x.shape.slice();
      size[a] = n;
      const piece =
        fastSlice(x, begin.slice(), size, args.backend as CpuBackendLike) ??
        sliceKernel({ inputs: { x }, backend: args.backend, attrs: { begin: begin.slice(), size } });
      begin[a] += n;
      return piece;
    });
  }) as unknown as tf.KernelFunc;
  return { ...stock, kernelFunc };
}
