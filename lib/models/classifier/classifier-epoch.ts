import * as tf from '@tensorflow/tfjs';
import { TrainingDivergedError } from '../../core/errors';
import { hash32 } from '../../core/rng';
import { accuracy, argmaxRows, logLoss, macroF1 } from '../../metrics/classification';
import type { ClassifierPartialEpoch } from './classifier-checkpoint';
import { makeBatch, predictIds, weightsAreFinite } from './classifier-data';
import { compileForEpoch, type ClassifierSession } from './classifier-session';
import type { ClassifierTrainerInput, ClassifierEpochMetrics } from './classifier-trainer-input';
import { forEachSeededBatch } from '../training/epoch-batches';
import { scheduledLearningRate } from '../training/training-optimizer';

/** Called after every batch with the epoch's progress so far (a batch boundary: the state is consistent). */
export type AfterBatch = (progress: ClassifierPartialEpoch) => void | Promise<void>;

/**
 * Trains one epoch's seeded batches, from `from.batchesDone` on when resuming
 * mid-epoch; returns the mean train loss (example-weighted, over the whole epoch).
 * `started` is when the epoch began, on the performance clock (earlier by
 * `from.seconds` when resuming).
 */
async function trainBatches(
  s: ClassifierSession,
  input: ClassifierTrainerInput,
  epoch: number,
  from: ClassifierPartialEpoch | null,
  started: number,
  signal?: AbortSignal,
  afterBatch?: AfterBatch,
): Promise<number> {
  const { hyper, seed, labels } = input;
  const stepsPerEpoch = Math.ceil(s.train.n / hyper.batchSize);
  let lossSum = from?.trainLossSum ?? 0;
  await forEachSeededBatch(
    { rows: s.train.n, batchSize: hyper.batchSize, seed, epoch, startBatch: from?.batchesDone, signal },
    async (rows, b) => {
      s.built.dropout.setSeed(hash32(`${seed}:dropout:${epoch}:${b}`));
      s.optimizer.setLearningRate(scheduledLearningRate(hyper, input.epochs, stepsPerEpoch, s.optimizer.iterations));
      const { x, y } = makeBatch(s.train, rows, labels.length, s.classWeights);
      let loss: number;
      try {
        loss = (await s.built.model.trainOnBatch(x, y)) as number;
      } finally {
        tf.dispose([x, y]);
      }
      if (!Number.isFinite(loss)) {
        throw new TrainingDivergedError(
          `training diverged: loss ${loss} at epoch ${epoch}, batch ${b + 1}; lower learningRate (${hyper.learningRate})`,
          { epoch, batch: b + 1, learningRate: hyper.learningRate },
        );
      }
      lossSum += loss * rows.length;
      await afterBatch?.({
        epoch,
        batchesDone: b + 1,
        trainLossSum: lossSum,
        seconds: (performance.now() - started) / 1000,
      });
    },
  );
  return s.train.n === 0 ? 0 : lossSum / s.train.n;
}

/** Validation loss, accuracy and macro-F1 of the current weights (0 loss and F1 on an empty val set). */
function evaluate(
  s: ClassifierSession,
  numClasses: number,
): Pick<ClassifierEpochMetrics, 'valLoss' | 'valAccuracy' | 'valMacroF1'> {
  const probs = predictIds(s.built.model, s.val.ids, s.val.n, s.val.maxLen);
  const yTrue = Array.from(s.val.classes);
  const yPred = argmaxRows(probs);
  return {
    valLoss: s.val.n ? logLoss(yTrue, probs, 1e-7) : 0,
    valAccuracy: accuracy(yTrue, yPred),
    valMacroF1: s.val.n ? macroF1(yTrue, yPred, numClasses) : 0,
  };
}

/**
 * Runs the 1-based `epoch` (the one after `epoch - 1` done), or the rest of it
 * after `from` (a mid-epoch checkpoint's progress): applies its freeze state,
 * trains the batches in seeded order with per-step learning rate and per-batch
 * dropout seed, calling `afterBatch` after each, checks the weights, evaluates
 * on val and returns the epoch's metrics (`seconds` include `from.seconds`).
 * Throws TrainingDivergedError on a non-finite loss or weights, and the
 * signal's reason when aborted between batches; either leaves the session
 * mid-epoch (after an abort, at the last batch boundary).
 */
export async function trainClassifierEpoch(
  s: ClassifierSession,
  input: ClassifierTrainerInput,
  epoch: number,
  signal?: AbortSignal,
  from: ClassifierPartialEpoch | null = null,
  afterBatch?: AfterBatch,
): Promise<ClassifierEpochMetrics> {
  const started = performance.now() - (from?.seconds ?? 0) * 1000;
  compileForEpoch(s, input, epoch - 1);
  const trainLoss = await trainBatches(s, input, epoch, from, started, signal, afterBatch);
  if (!weightsAreFinite(s.built.model)) {
    throw new TrainingDivergedError(
      `training diverged: non-finite weights after epoch ${epoch}; lower learningRate (${input.hyper.learningRate})`,
      { epoch, learningRate: input.hyper.learningRate },
    );
  }
  const evaluation = evaluate(s, input.labels.length);
  const seconds = (performance.now() - started) / 1000;
  return {
    epoch,
    trainLoss,
    ...evaluation,
    seconds,
    samplesPerSecond: seconds > 0 ? s.train.n / seconds : 0,
    learningRate: s.optimizer.getLearningRate(),
  };
}
