import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../../../lib/core/errors';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { decodeClassifierCheckpoint } from '../../../../lib/models/classifier/classifier-checkpoint';
import {
  createClassifierTrainer,
  type ClassifierTrainerInput,
  type ClassifierEpochMetrics,
} from '../../../../lib/models/classifier/classifier-trainer';
import { classWeightsFor } from '../../../../lib/models/training/class-weights';
import { earlyStoppingState } from '../../../../lib/models/training/early-stopping';
import { FusedAdamOptimizer } from '../../../../lib/models/runtime/fused-adam';
import { learningRateAt, warmupStepsFor } from '../../../../lib/models/training/lr-schedule';
import { syntheticExamples } from '../../../helpers/synthetic-fixture';

const base = (over: Partial<ClassifierTrainerInput> = {}): ClassifierTrainerInput => ({
  train: syntheticExamples(120, 1),
  val: syntheticExamples(40, 2),
  labels: ['pos', 'neg'],
  hyper: { learningRate: 0.02, batchSize: 16, embeddingDim: 8, dropout: 0.2 },
  maxLen: 16,
  vocabSize: 64,
  seed: 7,
  ...over,
});

const metrics = (epoch: number, valLoss: number): ClassifierEpochMetrics => ({
  epoch,
  trainLoss: 1,
  valLoss,
  valAccuracy: 0.5,
  valMacroF1: 0.5,
  seconds: 1,
  samplesPerSecond: 1,
});

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('learningRateAt', () => {
  const spec = { learningRate: 0.1, warmupSteps: 10, totalSteps: 110 };
  it('warms up linearly, then decays to 0 at totalSteps (cosine and linear)', () => {
    expect(learningRateAt(0, { ...spec, schedule: 'cosine' })).toBeCloseTo(0.01, 10);
    expect(learningRateAt(9, { ...spec, schedule: 'cosine' })).toBeCloseTo(0.1, 10);
    expect(learningRateAt(10, { ...spec, schedule: 'cosine' })).toBeCloseTo(0.1, 10);
    expect(learningRateAt(60, { ...spec, schedule: 'cosine' })).toBeCloseTo(0.05, 10);
    expect(learningRateAt(60, { ...spec, schedule: 'linear' })).toBeCloseTo(0.05, 10);
    expect(learningRateAt(35, { ...spec, schedule: 'linear' })).toBeCloseTo(0.075, 10);
    expect(learningRateAt(35, { ...spec, schedule: 'cosine' })).toBeGreaterThan(0.075);
    expect(learningRateAt(110, { ...spec, schedule: 'cosine' })).toBeCloseTo(0, 10);
    expect(learningRateAt(500, { ...spec, schedule: 'linear' })).toBe(0);
    expect(learningRateAt(500, { ...spec, schedule: 'constant' })).toBe(0.1);
  });
  it('warmupStepsFor rounds a fraction of the run and keeps at least one step', () => {
    expect(warmupStepsFor(0, 100)).toBe(0);
    expect(warmupStepsFor(0.1, 100)).toBe(10);
    expect(warmupStepsFor(0.001, 100)).toBe(1);
  });
});

describe('earlyStoppingState', () => {
  it('stops after `patience` epochs without strict improvement; 0 disables', () => {
    const h = [metrics(1, 0.6), metrics(2, 0.5), metrics(3, 0.5), metrics(4, 0.55)];
    expect(earlyStoppingState(h.slice(0, 3), 'val_loss', 2)).toEqual({ bestEpoch: 2, bestValue: -0.5, stop: false });
    expect(earlyStoppingState(h, 'val_loss', 2).stop).toBe(true);
    expect(earlyStoppingState(h, 'val_loss', 0).stop).toBe(false);
    expect(earlyStoppingState([], 'val_accuracy', 1).stop).toBe(false);
  });
});

describe('classWeightsFor', () => {
  it('balanced weights are n / (k * count); explicit weights by label', () => {
    const classes = Int32Array.from([0, 0, 0, 1]);
    const balanced = classWeightsFor('balanced', ['a', 'b'], classes);
    expect(balanced[0]).toBeCloseTo(4 / 6, 6);
    expect(balanced[1]).toBe(2);
    expect(Array.from(classWeightsFor('none', ['a', 'b'], classes))).toEqual([1, 1]);
    expect(Array.from(classWeightsFor({ b: 3 }, ['a', 'b'], classes))).toEqual([1, 3]);
    expect(() => classWeightsFor({ c: 3 }, ['a', 'b'], classes)).toThrow(ConfigError);
    expect(() => classWeightsFor({ a: 0 }, ['a', 'b'], classes)).toThrow(/classWeights\["a"\]/);
  });
});

describe('FusedAdamOptimizer weight decay', () => {
  it('decays rank>=2 variables by lr*wd each step (zero gradient) and leaves biases alone', () => {
    const kernel = tf.variable(tf.ones([2, 2]));
    const bias = tf.variable(tf.ones([2]));
    const opt = new FusedAdamOptimizer(0.1, 0.9, 0.999, 1e-7, 0.5);
    for (let i = 0; i < 3; i++)
      opt.minimize(() => kernel.mul(0).sum().add(bias.mul(0).sum()) as tf.Scalar, false, [kernel, bias]);
    expect(kernel.dataSync()[0]).toBeCloseTo(Math.pow(1 - 0.05, 3), 6);
    expect(bias.dataSync()[0]).toBe(1);
    tf.dispose([kernel, bias]);
    opt.dispose();
  });
});

describe('trainer: schedules, decay, early stopping, class weights', () => {
  it('follows the cosine schedule per step and reports the last rate', async () => {
    const trainer = createClassifierTrainer(
      base({ epochs: 2, hyper: { ...base().hyper, lrSchedule: 'cosine', warmupFraction: 0.25 } }),
    );
    await trainer.setup();
    const first = await trainer.runEpoch();
    const second = await trainer.runEpoch();
    expect(first.learningRate).toBeCloseTo(
      learningRateAt(7, { learningRate: 0.02, schedule: 'cosine', warmupSteps: 4, totalSteps: 16 }),
      8,
    );
    expect(second.learningRate).toBeLessThan(0.02 * 0.02);
    trainer.close();
  });

  it('needs the planned epochs for a non-constant schedule', () => {
    expect(() => createClassifierTrainer(base({ hyper: { ...base().hyper, lrSchedule: 'linear' } }))).toThrow(
      ConfigError,
    );
  });

  it('resumes exactly with schedule, weight decay, class weights and gradual unfreezing', async () => {
    const input = base({
      epochs: 4,
      freeze: ['embedding'],
      unfreezeEvery: 2,
      objective: 'val_accuracy',
      hyper: {
        ...base().hyper,
        lrSchedule: 'linear',
        warmupFraction: 0.1,
        weightDecay: 0.01,
        classWeights: 'balanced',
      },
    });
    const straight = createClassifierTrainer(input);
    await straight.setup();
    for (let e = 0; e < 4; e++) await straight.runEpoch();
    const full = decodeClassifierCheckpoint(await straight.save()).state.weights;
    straight.close();
    const first = createClassifierTrainer(input);
    await first.setup();
    await first.runEpoch();
    const mid = await first.save();
    first.close();
    const second = createClassifierTrainer(input);
    await second.setup(mid);
    for (let e = 0; e < 3; e++) await second.runEpoch();
    const resumed = decodeClassifierCheckpoint(await second.save()).state.weights;
    second.close();
    full.forEach((w, i) => w.values.forEach((v, j) => expect(Math.abs(v - resumed[i].values[j])).toBeLessThan(1e-5)));
  });

  it('reports stoppedEarly once patience runs out (a rate too small to improve)', async () => {
    const trainer = createClassifierTrainer(
      base({ objective: 'val_accuracy', hyper: { ...base().hyper, learningRate: 1e-9, patience: 2 } }),
    );
    await trainer.setup();
    let epochs = 0;
    while (!trainer.stoppedEarly && epochs < 10) {
      await trainer.runEpoch();
      epochs++;
    }
    expect(trainer.stoppedEarly).toBe(true);
    expect(epochs).toBe(3);
    trainer.close();
  });

  it('a heavy class weight shifts predictions toward that class', async () => {
    const texts = ['the product was', 'it was very', 'and this movie', 'the food service'];
    const meanNeg = async (over: Partial<ClassifierTrainerInput>): Promise<number> => {
      const t = createClassifierTrainer(base(over));
      await t.setup();
      for (let e = 0; e < 2; e++) await t.runEpoch();
      const p = await t.predict(texts);
      t.close();
      return p.reduce((a, r) => a + r[1], 0) / p.length;
    };
    expect(await meanNeg({ classWeights: { neg: 8 } })).toBeGreaterThan((await meanNeg({})) + 0.1);
  });
});
