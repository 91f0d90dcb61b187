import * as tf from '@tensorflow/tfjs';
import type { SelectedBackend } from './backend-requirement';
import { registerFastKernels } from './kernels';
import { registerWasmKernels } from './kernels/wasm';

/** Which tfjs backend to use; 'auto' tries native GPU, native CPU, wasm, then the pure-JS cpu backend. */
export type BackendPreference = 'auto' | 'cpu' | 'tensorflow' | 'wasm';

export type { SelectedBackend } from './backend-requirement';

/** The pure-JS backend (what selectBackend('cpu') returns, less its `tried` notes). */
export const PURE_CPU_BACKEND: Readonly<SelectedBackend> = Object.freeze({ name: 'cpu', native: false, gpu: false });

const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';
const TFJS_NODE = '@tensorflow/tfjs-node';
const TFJS_WASM = '@tensorflow/tfjs-backend-wasm';
/** How native TensorFlow is installed here (README "Training and backends"). */
const NATIVE_BUILD_HINT = 'run bash scripts/install-tfjs-native.sh';

/**
 * Loads an optional package by name; a short reason when it is not installed
 * or its native library fails to load. `require` (not import) because these
 * packages are optional: absent on machines that cannot download libtensorflow.
 */
function tryRequire(name: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(name);
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(`'${name}'`)) return `${name} not installed`;
    // tfjs-node is a dependency, but its addon is built by scripts/install-tfjs-native.sh, not by npm.
    if (e.message.includes('tfjs_binding.node')) return `${name}: native addon not built (${NATIVE_BUILD_HINT})`;
    return `${name} failed to load: ${firstLine(e.message)}`;
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 200);
}

/**
 * One-op check that `name` computes: [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]].
 * A backend can register and initialise yet be broken (a libtensorflow built
 * for another CPU, a wasm binary that fails to instantiate lazily).
 */
async function smokeTest(): Promise<string | undefined> {
  try {
    const got = tf.tidy(() =>
      tf
        .matMul(
          tf.tensor2d([
            [1, 2],
            [3, 4],
          ]),
          tf.tensor2d([
            [5, 6],
            [7, 8],
          ]),
        )
        .dataSync(),
    );
    const want = [19, 22, 43, 50];
    return want.every((v, i) => Math.abs(got[i] - v) < 1e-4)
      ? undefined
      : `smoke test matMul gave [${Array.from(got)}], expected [${want}]`;
  } catch (err) {
    return `smoke test failed: ${firstLine((err as Error).message)}`;
  }
}

/** setBackend + smoke test; undefined when `name` is active and works, else why not. */
async function useBackend(name: string): Promise<string | undefined> {
  try {
    if (!(await tf.setBackend(name)) || tf.getBackend() !== name) return `backend '${name}' failed to initialise`;
  } catch (err) {
    return `backend '${name}' failed to initialise: ${firstLine((err as Error).message)}`;
  }
  return smokeTest();
}

interface Candidate {
  backend: SelectedBackend;
  /** The package that registers the backend (none for the built-in cpu). */
  pkg?: string;
  /** What to do when it is requested explicitly and fails. */
  fix: string;
}

const CANDIDATES: Record<'gpu' | 'native' | 'wasm' | 'cpu', Candidate> = {
  gpu: {
    backend: { name: 'tensorflow', native: true, gpu: true },
    pkg: TFJS_NODE_GPU,
    fix: `on a CUDA 11.2 machine, FF_NATIVE_TF_VARIANT=gpu bash scripts/install-tfjs-native.sh (${TFJS_NODE_GPU} 4.22.0)`,
  },
  native: {
    backend: { name: 'tensorflow', native: true, gpu: false },
    pkg: TFJS_NODE,
    fix: `${NATIVE_BUILD_HINT} (${TFJS_NODE} 4.22.0 with libtensorflow 2.10.1)`,
  },
  wasm: {
    backend: { name: 'wasm', native: false, gpu: false },
    pkg: TFJS_WASM,
    fix: `install ${TFJS_WASM} 4.22.0 (npm ci)`,
  },
  cpu: { backend: PURE_CPU_BACKEND, fix: 'reinstall @tensorflow/tfjs' },
};

const ORDER: Record<BackendPreference, (keyof typeof CANDIDATES)[]> = {
  auto: ['gpu', 'native', 'wasm', 'cpu'],
  tensorflow: ['gpu', 'native'],
  wasm: ['wasm'],
  cpu: ['cpu'],
};

/** Loads the candidate's package, switches to it and smoke-tests it; undefined on success, else why not. */
async function tryCandidate(c: Candidate): Promise<string | undefined> {
  if (c.pkg) {
    const missing = tryRequire(c.pkg);
    if (missing) return missing;
    // tfjs-node and tfjs-node-gpu both register 'tensorflow'; which loaded first wins.
  }
  const failed = await useBackend(c.backend.name);
  if (failed) return `${c.pkg ?? c.backend.name}: ${failed}`;
  if (c.backend.name === 'cpu') registerFastKernels();
  if (c.backend.name === 'wasm') registerWasmKernels();
  return undefined;
}

/**
 * Turns off tfjs's own console notices: the "Hi, looks like you are running
 * TensorFlow.js in Node.js ... install our node backend" banner the pure-JS
 * backend prints at its first tensor, and "Platform node has already been
 * set" when tfjs-node loads. tfjs gates all of them on its `PROD` flag
 * (`tf.enableProdMode()`); in 4.22 that flag gates console notices only, no
 * computation. Callers report the selected backend themselves, once, where
 * it matters (the training worker's log, `cli predict`'s model line).
 */
export function silenceTfjsNotices(): void {
  tf.enableProdMode();
}

/**
 * Selects and initialises the process-wide tfjs backend, verifying each
 * candidate with a one-op smoke test (a 2x2 matMul) after `tf.setBackend`.
 *
 * - 'auto': `@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node` (both
 *   optional; either registers the native 'tensorflow' backend), then
 *   `@tensorflow/tfjs-backend-wasm` (a dependency: the portable fallback, ~30x
 *   the pure-JS backend on matMul), then the pure-JS 'cpu'. A candidate that is
 *   missing, fails to load or fails the smoke test is skipped and noted in `tried`.
 * - 'tensorflow' | 'wasm' | 'cpu': that backend only; throws an Error naming
 *   the backend, why it failed and what to install.
 *
 * On 'cpu' the fast cpu kernels are registered ({@link registerFastKernels});
 * on 'wasm' the kernels wasm lacks that our model families need
 * ({@link registerWasmKernels}). The result's `tried` lists every candidate in
 * order with its outcome, e.g. ["@tensorflow/tfjs-node not installed", "wasm ok"].
 * tfjs's console notices are turned off first ({@link silenceTfjsNotices}).
 * Idempotent; safe to call more than once.
 */
export async function selectBackend(preference: BackendPreference = 'auto'): Promise<SelectedBackend> {
  silenceTfjsNotices();
  const tried: string[] = [];
  const order = ORDER[preference];
  if (!order)
    throw new Error(`unknown tfjs backend preference '${String(preference)}' (auto, tensorflow, wasm or cpu)`);
  for (const key of order) {
    const c = CANDIDATES[key];
    // The GPU build cannot be told apart once loaded, so a loaded GPU package is reported as such.
    const why = await tryCandidate(c);
    if (!why) {
      tried.push(`${describeCandidate(c)} ok`);
      return { ...c.backend, preference, tried };
    }
    tried.push(why);
  }
  const fixes = order.map((k) => CANDIDATES[k].fix).join(', or ');
  throw new Error(`tfjs backend '${preference}' requested but unavailable (${tried.join('; ')}); ${fixes}`);
}

function describeCandidate(c: Candidate): string {
  if (c.pkg === TFJS_NODE_GPU) return 'tensorflow (GPU build)';
  if (c.pkg === TFJS_NODE) return 'tensorflow (CPU build)';
  return c.backend.name;
}
