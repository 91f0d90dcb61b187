import * as tf from '@tensorflow/tfjs';
import { makeConv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { makeSliceConfig, makeSplitVConfig } from './strided-slice';
import { makeTransposeIdentityConfig } from './transpose-identity';
import { unsortedSegmentSumCpuConfig } from './unsorted-segment-sum';

export { makeConv2DBackpropFilterConfig } from './conv2d-backprop-filter';
export { copyBox, makeSliceConfig, makeSplitVConfig } from './strided-slice';
export { makeTransposeIdentityConfig } from './transpose-identity';
export { scatterAddSegments, unsortedSegmentSumCpu, unsortedSegmentSumCpuConfig } from './unsorted-segment-sum';

/** A fast kernel: either a standalone config, or a wrapper built around the stock kernel. */
interface FastKernel {
  kernelName: string;
  backendName: string;
  make(stock: tf.KernelConfig | undefined): tf.KernelConfig;
}

const FAST_KERNELS: FastKernel[] = [
  { kernelName: 'UnsortedSegmentSum', backendName: 'cpu', make: () => unsortedSegmentSumCpuConfig },
  {
    kernelName: 'Transpose',
    backendName: 'cpu',
    make: (stock) => {
      if (!stock) throw new Error('registerFastKernels: the cpu backend has no Transpose kernel to wrap');
      return makeTransposeIdentityConfig(stock);
    },
  },
  {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'cpu',
    make: (stock) => {
      if (!stock) throw new Error('registerFastKernels: the cpu backend has no Conv2DBackpropFilter kernel to wrap');
      return makeConv2DBackpropFilterConfig(stock);
    },
  },
  ...(['Slice', 'SplitV'] as const).map((kernelName) => ({
    kernelName,
    backendName: 'cpu',
    make: (stock: tf.KernelConfig | undefined) => {
      if (!stock) throw new Error(`registerFastKernels: the cpu backend has no ${kernelName} kernel to wrap`);
      return kernelName === 'Slice' ? makeSliceConfig(stock) : makeSplitVConfig(stock);
    },
  })),
];

/** Stock configs we displaced, keyed `backend/kernel`, so they can be restored. */
const replaced = new Map<string, tf.KernelConfig>();
/** Kernel functions this module registered (to make registration idempotent). */
const ours = new WeakSet<object>();

/**
 * Replaces slow stock `cpu`-backend kernels with fast ones: `UnsortedSegmentSum`
 * (the gradient of gather / a trainable embedding; O(N x D) instead of one pass
 * per vocabulary row) and `Transpose` (identity permutations share data instead
 * of copying) and `Conv2DBackpropFilter` (the conv weight gradient; flat
 * outer-product loops instead of per-element TensorBuffer reads, ~100x).
 * `Slice` / `SplitV` copy non-contiguous slices run by run (GRU gates).
 * Results equal the stock kernels' (the conv gradient up to float rounding). Idempotent: calling it again is
 * a no-op. Touches the process-global kernel registry for backend `cpu` only.
 */
export function registerFastKernels(): void {
  for (const fast of FAST_KERNELS) {
    const key = `${fast.backendName}/${fast.kernelName}`;
    const current = tf.getKernel(fast.kernelName, fast.backendName);
    if (current && ours.has(current.kernelFunc)) continue;
    const cfg = fast.make(current);
    if (current) {
      replaced.set(key, current);
      tf.unregisterKernel(fast.kernelName, fast.backendName);
    }
    ours.add(cfg.kernelFunc);
    tf.registerKernel(cfg);
  }
}

/**
 * Puts back the stock kernels replaced by {@link registerFastKernels} (for
 * benchmarks and equivalence tests). Idempotent; a no-op if nothing was replaced.
 */
export function unregisterFastKernels(): void {
  for (const [key, stock] of replaced) {
    tf.unregisterKernel(stock.kernelName, stock.backendName);
    tf.registerKernel(stock);
    replaced.delete(key);
  }
}
