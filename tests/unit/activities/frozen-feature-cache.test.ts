import { MockActivityEnvironment } from '@temporalio/testing';
import { createTrainModelActivities } from '../../../activities/training-activities';
import type { TrainModelInput, TrainModelOutput } from '../../../activities/contracts';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { putArtifact } from '../../../lib/artifacts/content-addressed';
import { examplesToJsonl } from '../../../lib/core/example';
import { PURE_CPU_BACKEND } from '../../../lib/models/runtime/backend';
import { importBaseModel } from '../../../lib/models/pretrained/base-model-registry';
import { syntheticExamples } from '../../helpers/synthetic-fixture';
import { tinyBertFiles } from '../../helpers/tiny-bert';
import { capturedActivityLogs } from '../../helpers/activity-logs';

const activityLogs = capturedActivityLogs();
jest.setTimeout(60_000);

/** Counts reads and writes of cached features. */
class CountingStore extends MemoryArtifactStore {
  reads = 0;
  writes = 0;
  override async get(key: string) {
    if (key.startsWith('cache/frozen-features/')) this.reads++;
    return super.get(key);
  }
  override async put(key: string, body: Uint8Array) {
    if (key.startsWith('cache/frozen-features/')) this.writes++;
    return super.put(key, body);
  }
}

test('frozen pretrained-transformer trials encode a split once: the next trial reads the cached features and trains the same', async () => {
  const store = new CountingStore();
  await importBaseModel(store, 'tiny-bert', new Map(Object.entries(tinyBertFiles())), 'test');
  const put = (seed: number, n: number) =>
    putArtifact(store, {
      runPrefix: 'runs/t',
      kind: 'dataset',
      body: examplesToJsonl(syntheticExamples(n, seed)),
      ext: 'jsonl',
    });
  const [train, val] = await Promise.all([put(1, 64), put(2, 24)]);
  const input = (trialId: string): TrainModelInput => ({
    runPrefix: 'runs/t',
    trialId,
    family: 'pretrained-transformer',
    params: { mode: 'frozen', headLearningRate: 0.05, batchSize: 16 },
    epochs: 2,
    seed: 4,
    maxLen: 24,
    vocabSize: 100,
    objective: 'val_accuracy',
    model: { baseModel: 'tiny-bert' },
    data: { train, val, labels: ['pos', 'neg'] },
  });
  const activities = createTrainModelActivities({
    store,
    allowFileSources: false,
    backend: PURE_CPU_BACKEND,
    training: { mode: 'inline' },
  });
  const run = (id: string) =>
    new MockActivityEnvironment(undefined, { logger: activityLogs.logger }).run(
      activities.trainModel,
      input(id),
    ) as Promise<TrainModelOutput>;
  const first = await run('trial-0001');
  expect([store.reads, store.writes]).toEqual([0, 2]); // computed, then cached (train and val)
  const second = await run('trial-0002');
  expect([store.reads, store.writes]).toEqual([2, 2]); // read back, nothing recomputed or rewritten
  expect(second.history.map((h) => h.valAccuracy)).toEqual(first.history.map((h) => h.valAccuracy));
  expect(second.score).toBe(first.score);
});
