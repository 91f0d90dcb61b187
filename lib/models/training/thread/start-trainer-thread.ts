import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BackendPreference } from '../../runtime/backend';
import type { EpochProgress } from '../epoch-ledger';
import { ThreadedTrainer, type ThreadedTrainerOptions } from './threaded-trainer';

/** Which trainer a thread creates, and on which backend. Everything in it is structured-cloned into the thread. */
export interface TrainerThreadSpec {
  /** Absolute path (or resolvable id) of the module exporting the factory, e.g. lib/models/classifier/classifier-trainer.ts. */
  module: string;
  /** Name of the exported factory: `(input) => trainer`, e.g. 'createClassifierTrainer'. */
  factory: string;
  /** The factory's input (train/val rows, hyperparameters, init bytes...): structured-cloneable. */
  input: unknown;
  /** The backend the thread selects before creating the trainer; pass the parent's own selection so both compute alike. */
  backend: BackendPreference;
}

const ENTRY = path.join(__dirname, `trainer-thread-entry${path.extname(__filename)}`);

/**
 * Starts a worker thread running the trainer `spec` names and resolves with
 * its main-side proxy ({@link ThreadedTrainer}) once the trainer exists.
 * When this code runs as TypeScript (tsx, jest), the thread loads tsx's CommonJS
 * hook first: a Worker does not inherit the parent's loaders. Rejects with the
 * thread's own error (e.g. ConfigError of an invalid input, or the backend's
 * "requested but unavailable"); the thread is terminated then.
 */
export async function startTrainerThread<M, P extends EpochProgress>(
  spec: TrainerThreadSpec,
  options: ThreadedTrainerOptions,
): Promise<ThreadedTrainer<M, P>> {
  const source = `${ENTRY.endsWith('.ts') ? "require('tsx/cjs');" : ''}require(${JSON.stringify(ENTRY)});`;
  const worker = new Worker(source, { eval: true, workerData: spec });
  const exited = new Promise<Error>((resolve) => {
    worker.once('error', (err) => resolve(err));
    worker.once('exit', (code) => resolve(new Error(`training thread exited (code ${code})`)));
  });
  try {
    return await ThreadedTrainer.connect<M, P>(worker, options, exited);
  } catch (err) {
    await worker.terminate();
    throw err;
  }
}
