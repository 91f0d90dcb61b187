import * as tf from '@tensorflow/tfjs';
import { unsortedSegmentSumCpuConfig } from './unsorted-segment-sum';

export { scatterAddSegments, unsortedSegmentSumCpu, unsortedSegmentSumCpuConfig } from './unsorted-segment-sum';

const FAST_KERNELS: tf.KernelConfig[] = [unsortedSegmentSumCpuConfig];
/** Stock configs we displaced, keyed `backend/kernel`, so they can be restored. */
const replaced = new Map<string, tf.KernelConfig>();

/**
 * Replaces slow stock `cpu`-backend kernels with fast ones (currently
 * `UnsortedSegmentSum`, the gradient of gather/embedding). Idempotent: calling
 * it again is a no-op. Affects the process-global tfjs kernel registry only for
 * backend `cpu`; other backends are untouched.
 */
export function registerFastKernels(): void {
  for (const cfg of FAST_KERNELS) {
    const current = tf.getKernel(cfg.kernelName, cfg.backendName);
    if (current?.kernelFunc === cfg.kernelFunc) continue;
    if (current) {
      replaced.set(`${cfg.backendName}/${cfg.kernelName}`, current);
      tf.unregisterKernel(cfg.kernelName, cfg.backendName);
    }
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
