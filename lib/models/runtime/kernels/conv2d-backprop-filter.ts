import * as tf from '@tensorflow/tfjs';

/**
 * `Conv2DBackpropFilter` (the weight gradient of conv2d / conv1d) for the tfjs
 * pure-JS `cpu` backend, channels-last layout.
 *
 * Why: the stock cpu kernel reads every input and gradient element through
 * `TensorBuffer.get(b, r, c, d)` (rest arguments plus index arithmetic per
 * element) in a loop nest whose innermost dimension strides across memory:
 * ~1.7 s per batch for a conv1d of 64 filters x 3 x 32 channels on 32 x 40
 * tokens, 97% of a training step. This kernel runs the same sums as
 * outer-product accumulations over flat arrays, contiguous in the output
 * channel, accumulating in float64 like the stock kernel's scalar `dotProd`.
 *
 * Semantics equal the stock kernel's (dilations 1, any strides and padding);
 * results agree to float32 rounding (summation order differs).
 * Channels-first inputs are delegated to the stock kernel.
 */

interface CpuBackendLike {
  data: { get(dataId: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.TypedArray): tf.TensorInfo;
}

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** Accumulates dW for one output position (b, yR, yC) into `acc` (float64, [fh, fw, inC, outC]). */
function accumulate(
  info: tf.backend_util.Conv2DInfo,
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  acc: Float64Array,
  b: number,
  yR: number,
  yC: number,
): void {
  const {
    inHeight,
    inWidth,
    inChannels: c1,
    outChannels: c2,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    outHeight,
    outWidth,
  } = info;
  const dyBase = ((b * outHeight + yR) * outWidth + yC) * c2;
  for (let wR = 0; wR < filterHeight; wR++) {
    const xR = yR * strideHeight + wR - info.padInfo.top;
    if (xR < 0 || xR >= inHeight) continue;
    for (let wC = 0; wC < filterWidth; wC++) {
      const xC = yC * strideWidth + wC - info.padInfo.left;
      if (xC < 0 || xC >= inWidth) continue;
      const xBase = ((b * inHeight + xR) * inWidth + xC) * c1;
      const wBase = (wR * filterWidth + wC) * c1 * c2;
      for (let d1 = 0; d1 < c1; d1++) {
        const xv = x[xBase + d1];
        if (xv === 0) continue;
        const o = wBase + d1 * c2;
        for (let d2 = 0; d2 < c2; d2++) acc[o + d2] += xv * dy[dyBase + d2];
      }
    }
  }
}

/**
 * dW of a channels-last conv2d (dilations 1): sums over all output positions,
 * accumulated in float64. Shared by the cpu and wasm kernels.
 */
export function conv2dBackpropFilterValues(
  info: tf.backend_util.Conv2DInfo,
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  filterSize: number,
): Float32Array {
  const acc = new Float64Array(filterSize);
  for (let b = 0; b < info.batchSize; b++) {
    for (let yR = 0; yR < info.outHeight; yR++) {
      for (let yC = 0; yC < info.outWidth; yC++) accumulate(info, x, dy, acc, b, yR, yC);
    }
  }
  return Float32Array.from(acc);
}

/** The conv geometry of a Conv2DBackpropFilter call (channels-last). */
export function conv2dBackpropFilterInfo(x: tf.TensorInfo, attrs: tf.NamedAttrMap): tf.backend_util.Conv2DInfo {
  const a = attrs as unknown as Attrs;
  return tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/** Builds the fast kernel config around the stock one (used for channels-first). */
export function makeConv2DBackpropFilterConfig(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = ((args: { inputs: tf.NamedTensorInfoMap; backend: object; attrs?: tf.NamedAttrMap }) => {
    const attrs = args.attrs as unknown as Attrs;
    const x = args.inputs.x as tf.TensorInfo;
    const dyInfo = args.inputs.dy as tf.TensorInfo;
    if (attrs.dataFormat === 'NCHW' || x.dtype !== 'float32')
      return stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
    const backend = args.backend as CpuBackendLike;
    const info = conv2dBackpropFilterInfo(x, args.attrs as tf.NamedAttrMap);
    const xv = backend.data.get(x.dataId).values;
    const dy = backend.data.get(dyInfo.dataId).values;
    const out = conv2dBackpropFilterValues(
      info,
      xv,
      dy,
      attrs.filterShape.reduce((a, s) => a * s, 1),
    );
    return backend.makeTensorInfo(attrs.filterShape.slice(), 'float32', out);
  }) as unknown as tf.KernelFunc;
  return { ...stock, kernelFunc };
}
