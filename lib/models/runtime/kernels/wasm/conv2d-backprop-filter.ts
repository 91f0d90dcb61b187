import type * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterInfo, conv2dBackpropFilterValues } from '../conv2d-backprop-filter';
import type { WasmBackendLike, WasmKernelArgs } from './wasm-backend-like';

/**
 * `Conv2DBackpropFilter` (the conv1d / conv2d weight gradient; the 'cnn'
 * encoder) for the wasm backend, which has none in tfjs 4.22. Channels-last,
 * dilations 1, float32 (what tf.layers.conv1d/conv2d produce); the same
 * outer-product loops as the cpu kernel, over heap views.
 */
export function conv2dBackpropFilterWasm(args: WasmKernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = args.inputs.x as tf.TensorInfo;
  const dy = args.inputs.dy as tf.TensorInfo;
  const attrs = args.attrs as unknown as { dataFormat: string; filterShape: number[] };
  if (attrs.dataFormat === 'NCHW' || x.dtype !== 'float32') {
    throw new Error(
      `Conv2DBackpropFilter (wasm): only NHWC float32 is implemented (got ${attrs.dataFormat} ${x.dtype})`,
    );
  }
  const info = conv2dBackpropFilterInfo(x, args.attrs as tf.NamedAttrMap);
  const size = attrs.filterShape.reduce((a, s) => a * s, 1);
  const values = conv2dBackpropFilterValues(info, backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(dy), size);
  const out = backend.makeOutput(attrs.filterShape.slice(), 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).set(values);
  return out;
}

export const conv2dBackpropFilterWasmConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterWasm as unknown as tf.KernelFunc,
};
