import type * as tf from '@tensorflow/tfjs';

/**
 * The part of `@tensorflow/tfjs-backend-wasm`'s BackendWasm that JS kernels
 * use: `makeOutput` allocates an output on the wasm heap, `typedArrayFromHeap`
 * views a tensor's heap memory. A view is invalidated when the heap grows, so a
 * kernel allocates its output first and views its inputs after.
 */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
}

export interface WasmKernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: object;
  attrs?: tf.NamedAttrMap;
}
