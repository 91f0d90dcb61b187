import * as tf from '@tensorflow/tfjs';

/**
 * O(N x D) scatter-add implementation of the `UnsortedSegmentSum` kernel for the
 * tfjs pure-JS `cpu` backend.
 *
 * Why: the stock cpu kernel runs one masked pass (equal -> cast -> multiply ->
 * sum) over the whole input per segment. The gradient of `tf.gather` (and so of
 * a trainable `tf.layers.embedding`) is an `unsortedSegmentSum` over the
 * vocabulary, so a 2,000-word vocabulary costs 2,000 full passes per batch
 * (~35 s). This kernel does one pass over the input instead.
 *
 * Semantics (identical to TensorFlow and the stock kernel):
 * - `x` has any rank r >= 1; `segmentIds` is int32 with shape equal to the first
 *   k dims of `x` (1 <= k <= r).
 * - output shape is `[numSegments, ...x.shape.slice(k)]`, dtype of `x`.
 * - `output[s, ...] = sum over positions i with segmentIds[i] == s of x[i, ...]`.
 * - ids outside `[0, numSegments)` are dropped; empty segments are zeros.
 */

interface CpuTensorData {
  values: ArrayLike<number> | Uint8Array[];
}

interface CpuBackendLike {
  data: { get(dataId: object): CpuTensorData };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.TypedArray): tf.TensorInfo;
}

/** Pure scatter-add over flat arrays; exported for tests and other backends. */
export function scatterAddSegments(
  x: ArrayLike<number>,
  segmentIds: ArrayLike<number>,
  numSegments: number,
  out: Float32Array | Int32Array,
): void {
  const n = segmentIds.length;
  const inner = n === 0 ? 0 : x.length / n;
  if (!Number.isInteger(inner)) {
    throw new Error(`unsortedSegmentSum: x.size ${x.length} is not a multiple of segmentIds.size ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const s = segmentIds[i];
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += x[src + j];
  }
}

/** Throws unless `segmentIds`' shape equals the leading dims of `x`'s (shared by every backend's kernel). */
export function checkSegmentShapes(x: tf.TensorInfo, segmentIds: tf.TensorInfo): void {
  const k = segmentIds.shape.length;
  const leading = x.shape.slice(0, k);
  const ok = k >= 1 && k <= x.shape.length && leading.every((d, i) => d === segmentIds.shape[i]);
  if (!ok) {
    throw new Error(
      `unsortedSegmentSum: segmentIds shape [${segmentIds.shape}] must equal the leading dims of x shape [${x.shape}]`,
    );
  }
}

/** The tfjs kernel function (signature expected by `tf.registerKernel`). */
export function unsortedSegmentSumCpu(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: object;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo {
  const backend = args.backend as CpuBackendLike;
  const x = args.inputs.x as tf.TensorInfo;
  const segmentIds = args.inputs.segmentIds as tf.TensorInfo;
  const numSegments = Number((args.attrs as { numSegments: number }).numSegments);
  if (x.dtype === 'complex64' || x.dtype === 'string') {
    throw new Error(`unsortedSegmentSum: unsupported dtype ${x.dtype}`);
  }
  checkSegmentShapes(x, segmentIds);
  const xValues = backend.data.get(x.dataId).values as ArrayLike<number>;
  const idValues = backend.data.get(segmentIds.dataId).values as ArrayLike<number>;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const size = outShape.reduce((a, b) => a * b, 1);
  const out = x.dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  scatterAddSegments(xValues, idValues, numSegments, out);
  const dtype: tf.DataType = x.dtype === 'int32' ? 'int32' : 'float32';
  return backend.makeTensorInfo(outShape, dtype, out);
}

/** Kernel config for `tf.registerKernel`. */
export const unsortedSegmentSumCpuConfig: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'cpu',
  kernelFunc: unsortedSegmentSumCpu as unknown as tf.KernelFunc,
};
