import { FusedAdamOptimizer } from '../runtime/fused-adam';
import type { TrainHyperparams } from '../classifier/classifier-trainer-input';
import { learningRateAt, warmupStepsFor } from './lr-schedule';

/**
 * The trainers' optimizer: Adam with tf.train.adam's constants (beta1 0.9,
 * beta2 0.999, epsilon 1e-7) and decoupled weight decay (0 = plain Adam).
 * Same math and checkpoint layout as tf.train.adam; fused (~10x faster) on cpu.
 * The caller binds its slots (`bindSlots`) and disposes it.
 */
export function createTrainingAdam(learningRate: number, weightDecay: number): FusedAdamOptimizer {
  return new FusedAdamOptimizer(learningRate, 0.9, 0.999, 1e-7, weightDecay);
}

/**
 * Learning rate of the 0-based global `step` (the optimizer's iteration count)
 * under `hyper`'s schedule and warm-up, over a run of `plannedEpochs` (default
 * 1) epochs of `stepsPerEpoch` steps. A pure function of the step, so a resumed
 * run uses exactly the rates of the uninterrupted one.
 */
export function scheduledLearningRate(
  hyper: TrainHyperparams,
  plannedEpochs: number | undefined,
  stepsPerEpoch: number,
  step: number,
): number {
  const totalSteps = (plannedEpochs ?? 1) * stepsPerEpoch;
  return learningRateAt(step, {
    learningRate: hyper.learningRate,
    schedule: hyper.lrSchedule ?? 'constant',
    warmupSteps: warmupStepsFor(hyper.warmupFraction ?? 0, totalSteps),
    totalSteps,
  });
}
