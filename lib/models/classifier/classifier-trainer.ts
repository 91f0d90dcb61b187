import * as tf from '@tensorflow/tfjs';
import { decodeClassifierCheckpoint, restoreWeights, type ClassifierPartialEpoch } from './classifier-checkpoint';
import { predictIds } from './classifier-data';
import { trainClassifierEpoch } from './classifier-epoch';
import { validateClassifierInput } from './classifier-input-validation';
import { closeClassifierSession, openClassifierSession, type ClassifierSession } from './classifier-session';
import { checkpointClassifierSession } from './classifier-session-checkpoint';
import type { ClassifierTrainerInput, ClassifierEpochMetrics } from './classifier-trainer-input';
import { earlyStoppingState } from '../training/early-stopping';
import { EpochLedger } from '../training/epoch-ledger';
import { tokenizerFromJSON } from './classifier-from-lm';
import { buildTextClassifier, TextClassifierOptionsSchema } from './text-classifier';

export type { ClassifierTrainerInput, ClassifierEpochMetrics, TrainHyperparams } from './classifier-trainer-input';
export type { ClassifierPartialEpoch } from './classifier-checkpoint';

/**
 * Trains the text-classifier family one epoch at a time, with exact resume.
 *
 * Determinism: given the same input (and backend), every epoch is bit-for-bit
 * reproducible: seeded initial weights, batch order from
 * `shuffled(train, createRng(seed).fork(epoch))`, dropout masks seeded per
 * (seed, epoch, batch). A run restored from `save()` continues exactly as the
 * uninterrupted run would (Adam moments and iteration count are saved).
 */
export interface ClassifierTrainer {
  readonly epochsDone: number;
  readonly history: ClassifierEpochMetrics[];
  /** True once early stopping (`hyper.patience` > 0) says to stop: that many epochs without improving the objective. */
  readonly stoppedEarly: boolean;
  /** Restores from checkpoint bytes (made by save()) or initialises fresh when undefined. */
  setup(from?: Uint8Array): Promise<void>;
  /**
   * Trains one epoch (seeded shuffle from seed+epoch) — or the rest of it, when
   * set up from a mid-epoch checkpoint — evaluates on val, returns metrics.
   * Throws TrainingDivergedError on NaN/inf loss. Honors an AbortSignal between
   * batches (throws its reason; `save()` then saves that batch boundary).
   * `afterBatch` runs after every batch with the epoch's progress and a
   * `checkpoint()` that returns mid-epoch checkpoint bytes of this boundary.
   */
  runEpoch(
    signal?: AbortSignal,
    afterBatch?: (progress: ClassifierPartialEpoch, checkpoint: () => Promise<Uint8Array>) => void | Promise<void>,
  ): Promise<ClassifierEpochMetrics>;
  /** Where the last runEpoch stopped when it was aborted between batches (null: not aborted, or no batch of that epoch ran). */
  readonly abortedAt: ClassifierPartialEpoch | null;
  /**
   * Checkpoint bytes: tokenizer + labels + model topology + weights + optimizer (Adam) state + epochsDone + history,
   * plus the partial epoch when saved after an abort between batches. Self-describing (a JSON header with a version + binary weights).
   */
  save(): Promise<Uint8Array>;
  /** Class probabilities, one row per text, columns in `labels` order. */
  predict(texts: string[]): Promise<number[][]>;
  /** Disposes every tensor it owns. */
  close(): void;
}

/**
 * Creates a trainer. Nothing is allocated until `setup()`. Contract:
 * - `labels` (>= 2, unique) fix the class order of `predict` columns.
 * - A fresh setup fits the tokenizer on the train texts; a restore takes the
 *   tokenizer, labels and topology from the checkpoint (input `hyper`
 *   embeddingDim/dropout/encoder are then ignored; the training-loop
 *   hyperparameters still apply, and must equal the saved run's for an
 *   exact resume).
 * - Learning-rate schedule, early stopping and gradual unfreezing are pure
 *   functions of the optimizer's step count and the metric history, both in
 *   the checkpoint, so a resumed run continues exactly as an uninterrupted one.
 * - After `runEpoch` throws an abort, the state is the last batch boundary and
 *   `save()` writes a mid-epoch checkpoint of it (resumed exactly, like any).
 *   After any other throw (divergence) the state may be mid-batch: `save()`
 *   throws, and the caller resumes from its last checkpoint instead.
 * Errors: ConfigError for bad labels/hyperparameters/freeze patterns, DataError
 * for example labels outside `labels`, TrainingDivergedError for NaN/inf loss or weights.
 */
export function createClassifierTrainer(input: ClassifierTrainerInput): ClassifierTrainer {
  validateClassifierInput(input);
  const objective = input.objective ?? 'val_loss';
  const ledger = new EpochLedger<ClassifierEpochMetrics, ClassifierPartialEpoch>('ClassifierTrainer');
  let session: ClassifierSession | null = null;

  const need = (): ClassifierSession => {
    if (!session) throw new Error('ClassifierTrainer: call setup() first (or it was closed)');
    return session;
  };

  async function setup(from?: Uint8Array): Promise<void> {
    if (session) throw new Error('ClassifierTrainer: setup() called twice');
    session = await openClassifierSession(input, ledger, from);
  }

  async function runEpoch(
    signal?: AbortSignal,
    afterBatch?: Parameters<ClassifierTrainer['runEpoch']>[1],
  ): Promise<ClassifierEpochMetrics> {
    const s = need();
    const { epoch, from } = ledger.begin();
    try {
      const metrics = await trainClassifierEpoch(s, input, epoch, signal, from, async (progress) => {
        ledger.reached(progress);
        await afterBatch?.(progress, () =>
          checkpointClassifierSession(s, input, ledger.epochsDone, ledger.history, progress),
        );
      });
      ledger.finish(metrics);
      return metrics;
    } catch (err) {
      ledger.interrupted(err, signal);
      throw err;
    }
  }

  async function save(): Promise<Uint8Array> {
    const s = need();
    const { partial } = ledger.savePoint();
    return checkpointClassifierSession(s, input, ledger.epochsDone, ledger.history, partial ?? undefined);
  }

  async function predict(texts: string[]): Promise<number[][]> {
    const s = need();
    return predictIds(s.built.model, s.tokenizer.encode(texts), texts.length, s.tokenizer.maxLen);
  }

  function close(): void {
    if (!session) return;
    closeClassifierSession(session);
    session = null;
  }

  return {
    get epochsDone() {
      return ledger.epochsDone;
    },
    get history() {
      return ledger.history;
    },
    get stoppedEarly() {
      return earlyStoppingState(ledger.history, objective, input.hyper.patience ?? 0).stop;
    },
    get abortedAt() {
      return ledger.abortedAt;
    },
    setup,
    runEpoch,
    save,
    predict,
    close,
  };
}

/** Loads a checkpoint for inference only. */
export async function loadClassifier(
  bytes: Uint8Array,
): Promise<{ labels: string[]; predict(texts: string[]): Promise<number[][]>; close(): void }> {
  await tf.ready();
  const { header, state } = decodeClassifierCheckpoint(bytes);
  const tokenizer = tokenizerFromJSON(header.tokenizer);
  const built = buildTextClassifier(TextClassifierOptionsSchema.parse(header.model), header.labels.length, header.seed);
  try {
    restoreWeights(built.model, state.weights);
  } catch (err) {
    built.model.dispose();
    throw err;
  }
  let open = true;
  return {
    labels: header.labels.slice(),
    predict: async (texts) => {
      if (!open) throw new Error('classifier is closed');
      return predictIds(built.model, tokenizer.encode(texts), texts.length, tokenizer.maxLen);
    },
    close: () => {
      if (open) built.model.dispose();
      open = false;
    },
  };
}
