import * as tf from '@tensorflow/tfjs';
import type { SelectedBackend } from './backend-requirement';
import { registerFastKernels } from './kernels';

/** Which tfjs backend to use; 'auto' prefers native (GPU, then CPU), else the pure-JS cpu backend. */
export type BackendPreference = 'auto' | 'cpu' | 'tensorflow' | 'wasm';

export type { SelectedBackend } from './backend-requirement';

/** The pure-JS backend (what selectBackend('cpu') returns). */
export const PURE_CPU_BACKEND: Readonly<SelectedBackend> = Object.freeze({ name: 'cpu', native: false, gpu: false });

/**
 * Loads an optional package by name; undefined when it is not installed or its
 * native library fails to load. `require` (not import) because these packages
 * are optional: absent on machines that cannot download libtensorflow.
 */
function tryRequire(name: string): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(name);
    return true;
  } catch {
    return false;
  }
}

async function useBackend(name: string): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * Selects and initialises the process-wide tfjs backend.
 *
 * - 'auto': `@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node` (both
 *   optional; loading either registers the native 'tensorflow' backend), else 'cpu'.
 * - 'tensorflow': native only; throws if neither native package loads.
 * - 'wasm': `@tensorflow/tfjs-backend-wasm`; throws if it is not installed.
 *   Note: wasm lacks UnsortedSegmentSum, so a trainable embedding cannot train there.
 * - 'cpu': the pure-JS backend.
 *
 * Whenever the result is 'cpu', the fast cpu kernels are registered
 * ({@link registerFastKernels}); without them a trainable embedding is ~500x slower.
 * Idempotent; safe to call more than once.
 */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<SelectedBackend> {
  if (preference === 'auto' || preference === 'tensorflow') {
    const gpu = tryRequire('@tensorflow/tfjs-node-gpu');
    const loaded = gpu || tryRequire('@tensorflow/tfjs-node');
    if (loaded && (await useBackend('tensorflow'))) return { name: 'tensorflow', native: true, gpu };
    if (preference === 'tensorflow') {
      throw new Error("tfjs backend 'tensorflow' requested but neither @tensorflow/tfjs-node-gpu nor @tensorflow/tfjs-node loads");
    }
  }
  if (preference === 'wasm') {
    if (tryRequire('@tensorflow/tfjs-backend-wasm') && (await useBackend('wasm'))) return { name: 'wasm', native: false, gpu: false };
    throw new Error("tfjs backend 'wasm' requested but @tensorflow/tfjs-backend-wasm is not installed or failed to initialise");
  }
  if (!(await useBackend('cpu'))) throw new Error('tfjs cpu backend failed to initialise');
  registerFastKernels();
  return PURE_CPU_BACKEND;
}
