import * as tf from '@tensorflow/tfjs';
import { TrainingDivergedError } from '../core/errors';
import { hash32 } from '../core/rng';
import { accuracy, argmaxRows, logLoss, macroF1 } from '../metrics/classification';
import { makeBatch, predictIds, weightsAreFinite } from './classifier-data';
import { compileForEpoch, type ClassifierSession } from './classifier-session';
import type { ClassifierTrainerInput, EpochMetrics } from './classifier-trainer-input';
import { forEachSeededBatch } from './epoch-batches';
import { scheduledLearningRate } from './training-optimizer';

/** Trains one epoch's seeded batches; returns the mean train loss (example-weighted). */
async function trainBatches(s: ClassifierSession, input: ClassifierTrainerInput, epoch: number, signal?: AbortSignal): Promise<number> {
  const { hyper, seed, labels } = input;
  const stepsPerEpoch = Math.ceil(s.train.n / hyper.batchSize);
  let lossSum = 0;
  await forEachSeededBatch({ rows: s.train.n, batchSize: hyper.batchSize, seed, epoch, signal }, async (rows, b) => {
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
      throw new TrainingDivergedError(`training diverged: loss ${loss} at epoch ${epoch}, batch ${b + 1}; lower learningRate (${hyper.learningRate})`, { epoch, batch: b + 1, learningRate: hyper.learningRate });
    }
    lossSum += loss * rows.length;
  });
  return s.train.n === 0 ? 0 : lossSum / s.train.n;
}

/** Validation loss, accuracy and macro-F1 of the current weights (0 loss and F1 on an empty val set). */
function evaluate(s: ClassifierSession, numClasses: number): Pick<EpochMetrics, 'valLoss' | 'valAccuracy' | 'valMacroF1'> {
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
 * Runs the 1-based `epoch` (the one after `epoch - 1` done): applies its freeze
 * state, trains the batches in seeded order with per-step learning rate and
 * per-batch dropout seed, checks the weights, evaluates on val and returns the
 * epoch's metrics. Throws TrainingDivergedError on a non-finite loss or weights,
 * and the signal's reason when aborted between batches; either leaves the
 * session mid-epoch.
 */
export async function trainClassifierEpoch(s: ClassifierSession, input: ClassifierTrainerInput, epoch: number, signal?: AbortSignal): Promise<EpochMetrics> {
  const started = performance.now();
  compileForEpoch(s, input, epoch - 1);
  const trainLoss = await trainBatches(s, input, epoch, signal);
  if (!weightsAreFinite(s.built.model)) {
    throw new TrainingDivergedError(`training diverged: non-finite weights after epoch ${epoch}; lower learningRate (${input.hyper.learningRate})`, { epoch, learningRate: input.hyper.learningRate });
  }
  const evaluation = evaluate(s, input.labels.length);
  const seconds = (performance.now() - started) / 1000;
  return {
    epoch, trainLoss, ...evaluation, seconds,
    samplesPerSecond: seconds > 0 ? s.train.n / seconds : 0,
    learningRate: s.optimizer.getLearningRate(),
  };
}
