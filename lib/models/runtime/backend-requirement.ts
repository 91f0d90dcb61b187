/**
 * What a run (`model.requireBackend`) or a training worker (`FF_REQUIRE_BACKEND`)
 * demands of the tfjs backend trials train on. Pure and free of tfjs, so the
 * config schema (and with it the workflow bundle) can use it.
 */

/**
 * - `any`: whatever the worker selected (default);
 * - `native`: native TensorFlow (`@tensorflow/tfjs-node` or `-gpu`), never pure JS;
 * - `gpu`: the CUDA build (`@tensorflow/tfjs-node-gpu`).
 */
export const BACKEND_REQUIREMENTS = ['any', 'native', 'gpu'] as const;
export type BackendRequirement = (typeof BACKEND_REQUIREMENTS)[number];

/**
 * The backend a worker trains on: tfjs name, whether it is native libtensorflow,
 * and whether that is the GPU build. `gpu` means the CUDA build loaded; whether
 * TensorFlow then found a CUDA device is only in its own log (it falls back to
 * the CPU silently), which tfjs does not expose.
 */
export interface SelectedBackend {
  name: string;
  native: boolean;
  gpu: boolean;
  /** What was asked for (`FF_TFJS_BACKEND`), when selectBackend chose it. */
  preference?: string;
  /** Each candidate selectBackend tried, in order, with its outcome: e.g. ["@tensorflow/tfjs-node not installed", "wasm ok"]. */
  tried?: string[];
}

/** e.g. "tensorflow (native, GPU build)", "wasm (WebAssembly)", "cpu (pure JS)". */
export function describeBackend(backend: SelectedBackend): string {
  if (backend.native) return `${backend.name} (native, ${backend.gpu ? 'GPU' : 'CPU'} build)`;
  return `${backend.name} (${backend.name === 'wasm' ? 'WebAssembly' : 'pure JS'})`;
}

/** describeBackend plus why: e.g. "wasm (WebAssembly); auto: @tensorflow/tfjs-node not installed; wasm ok". */
export function describeSelection(backend: SelectedBackend): string {
  const why = backend.tried?.length ? `; ${backend.preference ?? 'selected'}: ${backend.tried.join('; ')}` : '';
  return `${describeBackend(backend)}${why}`;
}

/** Whether `backend` satisfies `requirement` (an unknown backend satisfies only `any`). */
export function meetsBackendRequirement(
  backend: SelectedBackend | undefined,
  requirement: BackendRequirement,
): boolean {
  if (requirement === 'any') return true;
  if (!backend) return false;
  return requirement === 'gpu' ? backend.gpu : backend.native;
}

/** How to get a backend that meets `requirement`, for error messages. */
export function backendRequirementFix(requirement: Exclude<BackendRequirement, 'any'>): string {
  return requirement === 'gpu'
    ? 'install @tensorflow/tfjs-node-gpu on the training workers of that queue (a CUDA machine: FF_NATIVE_TF_VARIANT=gpu bash scripts/install-tfjs-native.sh; README "GPU workers")'
    : 'install native TensorFlow on the training workers of that queue (bash scripts/install-tfjs-native.sh; README "Training and backends")';
}
