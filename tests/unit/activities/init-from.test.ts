import { PURE_CPU_BACKEND } from '../../../lib/models/runtime/backend';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createTrainModelActivities } from '../../../activities/training-activities';
import type { TrainModelInput, TrainModelOutput } from '../../../activities/contracts';
import { putArtifact, readArtifact } from '../../../lib/artifacts/content-addressed';
import { ConfigError } from '../../../lib/core/errors';
import { examplesToJsonl, type Example } from '../../../lib/core/example';
import { decodeClassifierCheckpoint } from '../../../lib/models/classifier/classifier-checkpoint';
import {
  createClassifierTrainer,
  type ClassifierTrainerInput,
} from '../../../lib/models/classifier/classifier-trainer';
import { S3LikeMemoryStore } from '../../helpers/s3-like-store';
import { syntheticExamples } from '../../helpers/synthetic-fixture';
import { capturedActivityLogs } from '../../helpers/activity-logs';

const activityLogs = capturedActivityLogs();

const HYPER = { learningRate: 0.02, batchSize: 16, embeddingDim: 8, dropout: 0 };
const base = (over: Partial<ClassifierTrainerInput> = {}): ClassifierTrainerInput => ({
  train: syntheticExamples(64, 1),
  val: syntheticExamples(24, 2),
  labels: ['pos', 'neg'],
  hyper: HYPER,
  maxLen: 12,
  vocabSize: 60,
  seed: 5,
  ...over,
});

async function trained(input: ClassifierTrainerInput, epochs: number): Promise<Uint8Array> {
  const t = createClassifierTrainer(input);
  await t.setup();
  for (let e = 0; e < epochs; e++) await t.runEpoch();
  const bytes = await t.save();
  t.close();
  return bytes;
}

describe('ClassifierTrainer initFrom (continue fine-tuning from a classifier checkpoint)', () => {
  let source: Uint8Array;
  const probe = ['great love happy', 'awful hate broken', 'the movie was'];
  beforeAll(async () => {
    source = await trained(base(), 3);
  });

  test("starts from the checkpoint's weights and tokenizer with a fresh epoch count, history and optimizer", async () => {
    const original = createClassifierTrainer(base());
    await original.setup(source);
    const expected = await original.predict(probe);
    original.close();
    // New data from another seed; a different input seed would build different random weights.
    const t = createClassifierTrainer(base({ train: syntheticExamples(48, 9), seed: 99, initFrom: source }));
    await t.setup();
    expect(t.epochsDone).toBe(0);
    expect(t.history).toEqual([]);
    expect(await t.predict(probe)).toEqual(expected);
    await t.runEpoch();
    const { header } = decodeClassifierCheckpoint(await t.save());
    t.close();
    expect(header.epochsDone).toBe(1);
    // Fresh Adam: one epoch of 48 rows / 16 = 3 steps, not 3 epochs' worth plus 3.
    expect(header.optimizer?.iterations).toBe(3);
    expect(header.tokenizer).toEqual(decodeClassifierCheckpoint(source).header.tokenizer);
  });

  test('the same label set in another order: output columns follow the new order', async () => {
    const original = createClassifierTrainer(base());
    await original.setup(source);
    const expected = await original.predict(probe);
    original.close();
    const t = createClassifierTrainer(base({ labels: ['neg', 'pos'], initFrom: source }));
    await t.setup();
    const swapped = await t.predict(probe);
    t.close();
    swapped.forEach((row, i) => {
      expect(row[0]).toBeCloseTo(expected[i][1], 6);
      expect(row[1]).toBeCloseTo(expected[i][0], 6);
    });
  });

  test('mismatches are ConfigErrors naming the field, both values and the fix', async () => {
    const setup = (over: Partial<ClassifierTrainerInput>) =>
      createClassifierTrainer(base({ initFrom: source, ...over })).setup();
    const threeLabels = syntheticExamples(30, 3, ['pos', 'neg', 'neu']);
    await expect(setup({ labels: ['pos', 'neg', 'neu'], train: threeLabels, val: threeLabels })).rejects.toThrow(
      /model\.initFrom: the checkpoint's labels \[pos, neg\] differ from this run's labels \[pos, neg, neu\]/,
    );
    await expect(setup({ hyper: { ...HYPER, embeddingDim: 16 } })).rejects.toThrow(
      /embeddingDim 8 but this trial uses 16; set the embeddingDim hyperparameter/,
    );
    await expect(setup({ maxLen: 20 })).rejects.toThrow(/maxLen 12 but this trial uses 20; set model\.maxLen to 12/);
    await expect(setup({ hyper: { ...HYPER, encoder: 'cnn' } })).rejects.toThrow(
      /encoder average but this trial uses cnn/,
    );
    const err = await setup({ vocabSize: 80 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).retryable).toBe(false);
    await expect(setup({ initFrom: new Uint8Array([1, 2, 3]) })).rejects.toThrow(
      /model\.initFrom is not a text-classifier checkpoint/,
    );
  });
});

describe('trainModel with model.initFrom (MockActivityEnvironment + in-memory store)', () => {
  const store = new S3LikeMemoryStore();
  const put = (rows: Example[]) =>
    putArtifact(store, { runPrefix: 'runs/t', kind: 'dataset', body: examplesToJsonl(rows), ext: 'jsonl' });
  const run = (i: TrainModelInput): Promise<TrainModelOutput> =>
    new MockActivityEnvironment(undefined, { logger: activityLogs.logger }).run(
      createTrainModelActivities({
        store,
        allowFileSources: false,
        backend: PURE_CPU_BACKEND,
        training: { mode: 'inline' },
      }).trainModel,
      i,
    );
  let input: TrainModelInput;
  let sourceUri: string;
  let sourceWeights: Float32Array[];

  beforeAll(async () => {
    const [train, val, newTrain] = await Promise.all([
      put(syntheticExamples(64, 1)),
      put(syntheticExamples(24, 2)),
      put(syntheticExamples(40, 11)),
    ]);
    input = {
      runPrefix: 'runs/t',
      trialId: 'trial-src',
      params: HYPER,
      epochs: 2,
      seed: 3,
      maxLen: 12,
      vocabSize: 60,
      objective: 'val_macro_f1',
      data: { train, val, labels: ['pos', 'neg'] },
    };
    const first = await run(input);
    sourceUri = first.model!.uri;
    sourceWeights = decodeClassifierCheckpoint(await readArtifact(store, first.model!)).state.weights.map(
      (w) => w.values as Float32Array,
    );
    input = { ...input, trialId: 'trial-next', data: { ...input.data, train: newTrain } };
  });

  test("continues from the model artifact's weights on new data", async () => {
    // A learning rate of 1e-9 leaves the weights where they started: the source model's.
    const out = await run({
      ...input,
      epochs: 1,
      params: { ...HYPER, learningRate: 1e-9 },
      model: { initFrom: sourceUri },
    });
    const { header, state } = decodeClassifierCheckpoint(await readArtifact(store, out.model!));
    expect(header.epochsDone).toBe(1);
    expect(out.resumedFromEpoch).toBe(0);
    state.weights.forEach((w, i) =>
      expect(Array.from(w.values).every((v, j) => Math.abs(v - sourceWeights[i][j]) < 1e-5)).toBe(true),
    );
    // Without initFrom the same trial starts from random weights: the embedding differs.
    const fresh = await run({ ...input, trialId: 'trial-fresh', epochs: 1, params: { ...HYPER, learningRate: 1e-9 } });
    const freshEmbedding = decodeClassifierCheckpoint(await readArtifact(store, fresh.model!)).state.weights[0].values;
    expect(Array.from(freshEmbedding).some((v, j) => Math.abs(v - sourceWeights[0][j]) > 1e-3)).toBe(true);
  });

  test('a label mismatch fails non-retryably as a ConfigError naming model.initFrom', async () => {
    const three = await put(syntheticExamples(30, 4, ['pos', 'neg', 'neu']));
    const err = await run({
      ...input,
      trialId: 'trial-bad',
      data: { train: three, val: three, labels: ['pos', 'neg', 'neu'] },
      model: { initFrom: sourceUri },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as ApplicationFailure).type).toBe('ConfigError');
    expect((err as Error).message).toMatch(/model\.initFrom: the checkpoint's labels/);
  });

  test('a missing object fails non-retryably with the fix', async () => {
    const err = await run({
      ...input,
      trialId: 'trial-missing',
      model: { initFrom: 's3://test-bucket/runs/none/model/x.ckpt' },
    }).catch((e: unknown) => e);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as Error).message).toMatch(
      /model\.initFrom s3:\/\/test-bucket\/runs\/none\/model\/x\.ckpt does not exist; use the s3:\/\/ URI of a model artifact/,
    );
  });
});
