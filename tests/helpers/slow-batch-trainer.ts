import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClassifierTrainer, type ClassifierTrainerInput } from '../../lib/models/classifier/classifier-trainer';

/** Where this process's slow-batch setting lives: a file, since a jest test file's process.env never reaches a thread. */
const settingFile = () => path.join(os.tmpdir(), `ff-slow-batch-${process.pid}.json`);

/** Makes trainers created from now on in this process (any thread) block epoch 1's batch `batch` for `ms`. */
export function setSlowBatch(slow: { batch: number; ms: number }): void {
  writeFileSync(settingFile(), JSON.stringify(slow));
}

/** Removes the setting file of {@link setSlowBatch}. */
export function clearSlowBatch(): void {
  rmSync(settingFile(), { force: true });
}

/**
 * Test-only trainer factory (`deps.training.classifierFactory`): the real
 * classifier trainer, except that epoch 1's batch `batch` (1-based) blocks its
 * thread for `ms` more, synchronously (Atomics.wait), the way one long
 * native tfjs op does. The setting ({@link setSlowBatch}) is read when the
 * trainer is created, i.e. in the training thread.
 */
export function createSlowBatchClassifierTrainer(input: ClassifierTrainerInput) {
  const slow = JSON.parse(readFileSync(settingFile(), 'utf8')) as { batch: number; ms: number };
  const trainer = createClassifierTrainer(input);
  const runEpoch = trainer.runEpoch.bind(trainer);
  trainer.runEpoch = (signal, afterBatch) =>
    runEpoch(signal, async (progress, checkpoint) => {
      if (progress.epoch === 1 && progress.batchesDone === slow.batch) blockThread(slow.ms);
      await afterBatch?.(progress, checkpoint);
    });
  return trainer;
}

/** Blocks the calling thread for `ms`: no timer, message or promise of this thread runs meanwhile. */
function blockThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
