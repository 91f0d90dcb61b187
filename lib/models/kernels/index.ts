import * as tf from '@tensorflow/tfjs';
import { makeTransposeIdentityConfig } from './transpose-identity';
import { unsortedSegmentSumCpuConfig } from './unsorted-segment-sum';

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
];

/** Stock configs we displaced, keyed `backend/kernel`, so they can be restored. */
const replaced = new Map<string, tf.KernelConfig>();
/** Kernel functions this module registered (to make registration idempotent). */
const ours = new WeakSet<object>();

/**
 * Replaces slow stock `cpu`-backend kernels with fast ones: `UnsortedSegmentSum`
 * (the gradient of gather / a trainable embedding; O(N x D) instead of one pass
 * per vocabulary row) and `Transpose` (identity permutations share data instead
 * of copying). Results equal the stock kernels'. Idempotent: calling it again is
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
