import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter';
import { unsortedSegmentSumWasmConfig } from './unsorted-segment-sum';

export { conv2dBackpropFilterWasm, conv2dBackpropFilterWasmConfig } from './conv2d-backprop-filter';
export { unsortedSegmentSumWasm, unsortedSegmentSumWasmConfig } from './unsorted-segment-sum';

/**
 * Kernels @tensorflow/tfjs-backend-wasm 4.22 lacks that a forward/backward pass
 * of one of our model families runs (found by training each encoder one batch
 * on wasm): UnsortedSegmentSum (every trainable embedding) and
 * Conv2DBackpropFilter ('cnn'). Depthwise-conv gradients, Einsum and FFT are
 * also missing there but no family uses them; they fail with tfjs's own
 * "Kernel '<name>' not registered for backend 'wasm'".
 */
export const WASM_KERNELS: readonly tf.KernelConfig[] = [unsortedSegmentSumWasmConfig, conv2dBackpropFilterWasmConfig];

/** Registers {@link WASM_KERNELS} for backend 'wasm'. Idempotent; never replaces a kernel wasm itself provides. */
export function registerWasmKernels(): void {
  for (const cfg of WASM_KERNELS) {
    if (!tf.getKernel(cfg.kernelName, cfg.backendName)) tf.registerKernel(cfg);
  }
}
