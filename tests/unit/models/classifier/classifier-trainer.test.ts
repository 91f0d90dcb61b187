import * as tf from '@tensorflow/tfjs';
import { TrainingDivergedError } from '../../../../lib/core/errors';
import {
  createClassifierTrainer,
  loadClassifier,
  type ClassifierTrainerInput,
} from '../../../../lib/models/classifier/classifier-trainer';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { syntheticExamples } from '../../../helpers/synthetic-fixture';

const base = (over: Partial<ClassifierTrainerInput> = {}): ClassifierTrainerInput => ({
  train: syntheticExamples(200, 1),
  val: syntheticExamples(60, 2),
  labels: ['pos', 'neg'],
  hyper: { learningRate: 0.02, batchSize: 16, embeddingDim: 16, dropout: 0 },
  maxLen: 16,
  vocabSize: 64,
  seed: 7,
  ...over,
});

async function weightsOf(bytes: Uint8Array): Promise<Float32Array[]> {
  const m = await loadClassifier(bytes);
  m.close();
  const { decodeClassifierCheckpoint } = await import('../../../../lib/models/classifier/classifier-checkpoint');
  return decodeClassifierCheckpoint(bytes).state.weights.map((w) => w.values as Float32Array);
}

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let d = 0;
  a.forEach((w, i) => w.forEach((v, j) => (d = Math.max(d, Math.abs(v - b[i][j])))));
  return d;
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('createClassifierTrainer', () => {
  it('learns a separable synthetic task well above chance', async () => {
    const trainer = createClassifierTrainer(
      base({ hyper: { learningRate: 0.02, batchSize: 16, embeddingDim: 16, dropout: 0.2 } }),
    );
    await trainer.setup();
    for (let e = 0; e < 4; e++) await trainer.runEpoch();
    const last = trainer.history[3];
    expect(last.epoch).toBe(4);
    expect(last.valAccuracy).toBeGreaterThan(0.85);
    expect(last.valMacroF1).toBeGreaterThan(0.85);
    expect(last.trainLoss).toBeLessThan(trainer.history[0].trainLoss);
    const probs = await trainer.predict(['i love this great product', 'awful and terrible']);
    expect(probs[0][0]).toBeGreaterThan(0.5);
    expect(probs[1][1]).toBeGreaterThan(0.5);
    expect(probs[0][0] + probs[0][1]).toBeCloseTo(1, 5);
    trainer.close();
  });

  it('resumes exactly: 2 epochs + save/restore + 2 epochs equals 4 uninterrupted (with dropout)', async () => {
    const input = base({ hyper: { learningRate: 0.01, batchSize: 16, embeddingDim: 8, dropout: 0.3 } });
    const straight = createClassifierTrainer(input);
    await straight.setup();
    for (let e = 0; e < 4; e++) await straight.runEpoch();
    const full = await straight.save();
    straight.close();

    const first = createClassifierTrainer(input);
    await first.setup();
    await first.runEpoch();
    await first.runEpoch();
    const mid = await first.save();
    first.close();
    const second = createClassifierTrainer(input);
    await second.setup(mid);
    expect(second.epochsDone).toBe(2);
    await second.runEpoch();
    await second.runEpoch();
    const resumed = await second.save();
    expect(second.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    second.close();

    expect(maxAbsDiff(await weightsOf(full), await weightsOf(resumed))).toBeLessThan(1e-5);
  });

  it('loadClassifier predicts the same probabilities as the trainer', async () => {
    const trainer = createClassifierTrainer(base());
    await trainer.setup();
    await trainer.runEpoch();
    const texts = ['great movie', 'sad broken window'];
    const expected = await trainer.predict(texts);
    const model = await loadClassifier(await trainer.save());
    trainer.close();
    expect(model.labels).toEqual(['pos', 'neg']);
    const got = await model.predict(texts);
    got.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(expected[i][j], 6)));
    model.close();
  });

  it('throws TrainingDivergedError on non-finite loss', async () => {
    const trainer = createClassifierTrainer(
      base({ hyper: { learningRate: 1e30, batchSize: 16, embeddingDim: 8, dropout: 0 } }),
    );
    await trainer.setup();
    await expect(async () => {
      for (let e = 0; e < 3; e++) await trainer.runEpoch();
    }).rejects.toBeInstanceOf(TrainingDivergedError);
    await expect(trainer.save()).rejects.toThrow(/interrupted/);
    trainer.close();
  });

  it('honours an AbortSignal between batches with its reason', async () => {
    const trainer = createClassifierTrainer(base());
    await trainer.setup();
    const controller = new AbortController();
    const reason = new Error('cancelled by test');
    controller.abort(reason);
    await expect(trainer.runEpoch(controller.signal)).rejects.toBe(reason);
    expect(trainer.epochsDone).toBe(0);
    trainer.close();
  });

  it('leaves tf.memory().numTensors flat over 20 trainings', async () => {
    const small = base({
      train: syntheticExamples(40, 3),
      val: syntheticExamples(10, 4),
      hyper: { learningRate: 0.01, batchSize: 16, embeddingDim: 4, dropout: 0.1 },
    });
    const warm = createClassifierTrainer(small);
    await warm.setup();
    await warm.runEpoch();
    warm.close();
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      const t = createClassifierTrainer({ ...small, seed: i });
      await t.setup();
      await t.runEpoch();
      const bytes = await t.save();
      await t.predict(['great']);
      t.close();
      const restored = createClassifierTrainer({ ...small, seed: i });
      await restored.setup(bytes);
      await restored.runEpoch();
      restored.close();
      const m = await loadClassifier(bytes);
      await m.predict(['sad']);
      m.close();
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
