import type * as tf from '@tensorflow/tfjs';
import { checkSegmentShapes, scatterAddSegments } from '../unsorted-segment-sum';
import type { WasmBackendLike, WasmKernelArgs } from './wasm-backend-like';

/**
 * `UnsortedSegmentSum` for the wasm backend, which has none in tfjs 4.22: the
 * gradient of `tf.gather`, so every trainable embedding needs it. One O(N x D)
 * scatter-add pass over heap views (same semantics as the cpu kernel: ids
 * outside [0, numSegments) dropped, empty segments zero).
 */
export function unsortedSegmentSumWasm(args: WasmKernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = args.inputs.x as tf.TensorInfo;
  const segmentIds = args.inputs.segmentIds as tf.TensorInfo;
  const numSegments = Number((args.attrs as { numSegments: number }).numSegments);
  if (x.dtype !== 'float32' && x.dtype !== 'int32')
    throw new Error(`unsortedSegmentSum (wasm): unsupported dtype ${x.dtype}`);
  checkSegmentShapes(x, segmentIds);
  const out = backend.makeOutput([numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
  const outValues = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  outValues.fill(0);
  scatterAddSegments(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(segmentIds), numSegments, outValues);
  return out;
}

export const unsortedSegmentSumWasmConfig: tf.KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSumWasm as unknown as tf.KernelFunc,
};
