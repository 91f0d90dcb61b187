import { PURE_CPU_BACKEND } from '../../../lib/models/runtime/backend';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createTrainModelActivities } from '../../../activities/training-activities';
import type { TrainModelInput, TrainModelOutput } from '../../../activities/contracts';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { putArtifact, readArtifact } from '../../../lib/artifacts/content-addressed';
import { ArtifactAccessError } from '../../../lib/core/errors';
import { examplesToJsonl } from '../../../lib/core/example';
import { decodeClassifierCheckpoint } from '../../../lib/models/classifier/classifier-checkpoint';
import { encodeVectors } from '../../../lib/models/tokenizers/pretrained-vectors';
import { WordTokenizer } from '../../../lib/models/tokenizers/word-tokenizer';
import { syntheticExamples } from '../../helpers/synthetic-fixture';
import { capturedActivityLogs } from '../../helpers/activity-logs';

const activityLogs = capturedActivityLogs();

/** A memory store addressed by s3:// URIs, as the S3 store of a worker is. */
class S3LikeMemoryStore extends MemoryArtifactStore {
  override uriFor(key: string): string {
    return `s3://test-bucket/${key}`;
  }
  override keyFor(uri: string): string {
    if (!uri.startsWith('s3://test-bucket/')) throw new ArtifactAccessError(`${uri} is outside s3://test-bucket/`);
    return uri.slice('s3://test-bucket/'.length);
  }
}

const train = syntheticExamples(64, 1);
const val = syntheticExamples(24, 2);
const DIM = 8;

async function setupStore() {
  const store = new S3LikeMemoryStore();
  const put = (rows: typeof train) =>
    putArtifact(store, { runPrefix: 'runs/t', kind: 'dataset', body: examplesToJsonl(rows), ext: 'jsonl' });
  const [trainRef, valRef] = await Promise.all([put(train), put(val)]);
  // Vectors for the 10 most frequent train words: row i is all (i + 1) / 100, easy to recognise.
  const words = WordTokenizer.fit(
    train.map((e) => e.text),
    { vocabSize: 12, maxLen: 12 },
  ).words.slice();
  const vectors = Float32Array.from({ length: words.length * DIM }, (_, k) => (Math.floor(k / DIM) + 1) / 100);
  await store.put('vectors/test.ffvec', encodeVectors({ dim: DIM, words, vectors }));
  return { store, trainRef, valRef, words };
}

function input(
  refs: Awaited<ReturnType<typeof setupStore>>,
  over: Partial<TrainModelInput> = {},
  classWeights?: Record<string, number>,
): TrainModelInput {
  return {
    runPrefix: 'runs/t',
    trialId: `trial-${Math.random().toString(36).slice(2, 8)}`,
    params: { learningRate: 0.02, batchSize: 16, embeddingDim: DIM, dropout: 0 },
    epochs: 2,
    seed: 7,
    maxLen: 12,
    vocabSize: 100,
    objective: 'val_macro_f1',
    data: { train: refs.trainRef, val: refs.valRef, labels: ['pos', 'neg'], ...(classWeights ? { classWeights } : {}) },
    ...over,
  };
}

async function run(refs: Awaited<ReturnType<typeof setupStore>>, i: TrainModelInput): Promise<TrainModelOutput> {
  const activities = createTrainModelActivities({
    store: refs.store,
    allowFileSources: false,
    backend: PURE_CPU_BACKEND,
    training: { mode: 'inline' },
  });
  return new MockActivityEnvironment(undefined, { logger: activityLogs.logger }).run(activities.trainModel, i);
}

describe('trainModel: config model options reach the trainer', () => {
  let refs: Awaited<ReturnType<typeof setupStore>>;
  beforeAll(async () => {
    refs = await setupStore();
  });

  test('encoderOptions, freeze and pretrainedVectors: frozen embedding keeps the loaded vectors', async () => {
    const out = await run(
      refs,
      input(refs, {
        params: { learningRate: 0.02, batchSize: 16, embeddingDim: DIM, dropout: 0, encoder: 'cnn' },
        model: {
          encoderOptions: { cnnFilters: 6, cnnKernelSize: 2 },
          freeze: ['embedding'],
          pretrainedVectors: 's3://test-bucket/vectors/test.ffvec',
        },
      }),
    );
    expect(out.stoppedEarly).toBe(false);
    const { header, state } = decodeClassifierCheckpoint(await readArtifact(refs.store, out.model!));
    expect(header.model).toMatchObject({ encoder: 'cnn', cnnFilters: 6, cnnKernelSize: 2 });
    const embedding = state.weights[0];
    expect(embedding.shape).toEqual([100, DIM]);
    // Word id i + 2 holds vector row i, untouched by two epochs of training (frozen).
    refs.words.forEach((_, i) => {
      for (let j = 0; j < DIM; j++) expect(embedding.values[(i + 2) * DIM + j]).toBeCloseTo((i + 1) / 100, 6);
    });
  });

  test("classWeights 'from-curation' uses curation's weights (Adam is scale-invariant: loss scales by the weight)", async () => {
    const plain = await run(refs, input(refs, { epochs: 1 }));
    const weighted = await run(
      refs,
      input(refs, { epochs: 1, model: { classWeights: 'from-curation' } }, { pos: 5, neg: 5 }),
    );
    const ratio = weighted.history[0].trainLoss / plain.history[0].trainLoss;
    expect(ratio).toBeGreaterThan(4.5);
    expect(ratio).toBeLessThan(5.5);
    // 'none' at the model level overrides the curation weights.
    const none = await run(refs, input(refs, { epochs: 1, model: { classWeights: 'none' } }, { pos: 5, neg: 5 }));
    expect(none.history[0].trainLoss).toBeCloseTo(plain.history[0].trainLoss, 5);
  });

  test("'from-curation' without curation weights fails non-retryably, naming the fields", async () => {
    const err = await run(refs, input(refs, { model: { classWeights: 'from-curation' } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as Error).message).toMatch(/model\.classWeights.*curation\.balance\.method/);
  });

  test('a missing pretrainedVectors object fails non-retryably with the fix', async () => {
    const err = await run(
      refs,
      input(refs, { model: { pretrainedVectors: 's3://test-bucket/vectors/missing.ffvec' } }),
    ).catch((e: unknown) => e);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as Error).message).toMatch(/model\.pretrainedVectors .*missing\.ffvec does not exist.*trim-glove/);
  });

  test('early stopping: stoppedEarly is returned and fewer epochs run', async () => {
    const out = await run(
      refs,
      input(refs, {
        epochs: 6,
        params: { learningRate: 1e-9, batchSize: 16, embeddingDim: DIM, dropout: 0, patience: 1 },
      }),
    );
    expect(out.stoppedEarly).toBe(true);
    expect(out.history.length).toBeLessThan(6);
  });
});

describe('trainModel heartbeats', () => {
  test('each epoch heartbeats its checkpoint, metrics and a human-readable progress line', async () => {
    const refs = await setupStore();
    const env = new MockActivityEnvironment(undefined, { logger: activityLogs.logger });
    const beats: { epoch?: number; progress?: string; checkpoint?: { uri: string } }[] = [];
    env.on('heartbeat', (details) => details && beats.push(details));
    const activities = createTrainModelActivities({
      store: refs.store,
      allowFileSources: false,
      backend: PURE_CPU_BACKEND,
      training: { mode: 'inline' },
    });
    const i = input(refs, { trialId: 'trial-hb', epochs: 2 });
    await env.run(activities.trainModel, i);
    const epochBeats = beats.filter((b) => b.progress);
    expect(epochBeats.map((b) => b.epoch)).toEqual([1, 2]);
    expect(epochBeats[1].progress).toMatch(
      /^trial-hb: epoch 2\/2, val_macro_f1 \d\.\d{4}, val loss \d+\.\d{4}, \d+ samples\/s$/,
    );
    expect(epochBeats[1].checkpoint!.uri).toMatch(/^s3:\/\/test-bucket\/runs\/t\/trials\/trial-hb\/checkpoint\//);
  });
});
