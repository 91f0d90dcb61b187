import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { TrainingHeartbeat, TrainModelInput, TrainModelOutput } from '../../../activities/contracts';
import { createTrainModelActivities } from '../../../activities/training-activities';
import { putArtifact, readArtifact } from '../../../lib/artifacts/content-addressed';
import { CheckpointPointerSchema } from '../../../lib/artifacts/checkpoint-pointer';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { examplesToJsonl } from '../../../lib/core/example';
import { decodeClassifierCheckpoint } from '../../../lib/models/classifier/classifier-checkpoint';
import { PURE_CPU_BACKEND, selectBackend } from '../../../lib/models/runtime/backend';
import { capturedActivityLogs } from '../../helpers/activity-logs';
import { syntheticExamples } from '../../helpers/synthetic-fixture';

/**
 * trainModel with its trainer in a worker thread (the default), against the
 * same activity inline: identical results and weights, a cancellation that
 * saves the batch boundary in the thread and a retry that resumes from it
 * exactly, live progress on the timer heartbeats, and input errors that keep
 * their non-retryable type across the thread boundary.
 */
jest.setTimeout(120_000);

const activityLogs = capturedActivityLogs();
const store = new MemoryArtifactStore();
const threaded = createTrainModelActivities({ store, allowFileSources: false, backend: PURE_CPU_BACKEND });
const inline = createTrainModelActivities({
  store,
  allowFileSources: false,
  backend: PURE_CPU_BACKEND,
  training: { mode: 'inline' },
});
const newEnv = () => new MockActivityEnvironment({ taskQueue: 'finetune-training' }, { logger: activityLogs.logger });
const weights = async (out: TrainModelOutput) =>
  decodeClassifierCheckpoint(await readArtifact(store, out.model!)).state.weights.map((w) => Array.from(w.values));
const results = (out: TrainModelOutput) => out.history.map(({ seconds: _s, samplesPerSecond: _r, ...rest }) => rest);
let base: Omit<TrainModelInput, 'trialId'>;
let straight: TrainModelOutput;

// Both sides on pure-JS cpu, whatever backend job runs this file: the thread trains on the
// deps' backend (cpu here), the inline trainer on this thread's active one, and the test
// compares them bit for bit. Backend-to-backend agreement is backend-parity.test.ts's job.
beforeAll(async () => {
  await selectBackend('cpu');
});

beforeAll(async () => {
  const put = (n: number, seed: number) =>
    putArtifact(store, {
      runPrefix: 'runs/thr',
      kind: 'dataset',
      body: examplesToJsonl(syntheticExamples(n, seed)),
      ext: 'jsonl',
    });
  const [train, val] = await Promise.all([put(200, 1), put(40, 2)]);
  base = {
    runPrefix: 'runs/thr',
    params: { learningRate: 0.01, batchSize: 16, embeddingDim: 8, dropout: 0.3 },
    epochs: 2,
    seed: 5,
    maxLen: 12,
    vocabSize: 100,
    objective: 'val_macro_f1',
    data: { train, val, labels: ['pos', 'neg'] },
  };
  straight = await newEnv().run(inline.trainModel, { ...base, trialId: 'inline' });
});

test('the thread trains exactly what the inline trainer trains, and heartbeats live progress', async () => {
  // A 300 ms heartbeat timeout: the timer beats every 100 ms.
  const env = new MockActivityEnvironment(
    { taskQueue: 'finetune-training', heartbeatTimeoutMs: 300 },
    { logger: activityLogs.logger },
  );
  const live: NonNullable<TrainingHeartbeat['live']>[] = [];
  env.on('heartbeat', (d?: TrainingHeartbeat) => d?.live && live.push(d.live));
  const out: TrainModelOutput = await env.run(threaded.trainModel, { ...base, trialId: 'threaded' });
  expect(results(out)).toEqual(results(straight));
  expect(await weights(out)).toEqual(await weights(straight));
  expect(out.valPredictions).toBeDefined();
  expect(live.length).toBeGreaterThan(0);
  for (const l of live) {
    expect(l.batches).toBe(13);
    expect(l.batch).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(l.trainLoss)).toBe(true);
  }
});

test('a cancelled threaded attempt saves where the thread stopped; the retry resumes there exactly', async () => {
  // Cancel just after epoch 2's batch-5 checkpoint: the thread stops at a later boundary, which is saved.
  const first = newEnv();
  first.on(
    'heartbeat',
    (d?: TrainingHeartbeat) => d?.epoch === 1 && d.step === 5 && setTimeout(() => first.cancel(), 0),
  );
  activityLogs.clear();
  const input = { ...base, trialId: 'cancelled', checkpointEverySteps: 5 };
  await expect(first.run(threaded.trainModel, input)).rejects.toThrow();
  expect(activityLogs.messages()).toContain('Saved a checkpoint where the attempt was cancelled');
  const saved = CheckpointPointerSchema.parse(
    JSON.parse(new TextDecoder().decode(await store.get('runs/thr/trials/cancelled/latest-checkpoint.json'))),
  );
  expect(saved.epoch).toBe(1);
  expect(saved.step).toBeGreaterThan(5);
  expect(saved.step).toBeLessThan(10);

  const retry: TrainModelOutput = await newEnv().run(threaded.trainModel, input);
  expect(retry).toMatchObject({ resumedFromEpoch: 1, resumedFromStep: saved.step });
  expect(results(retry)).toEqual(results(straight));
  expect(await weights(retry)).toEqual(await weights(straight));
});

test('a ConfigError raised in the thread stays a non-retryable ConfigError', async () => {
  const err = await newEnv()
    .run(threaded.trainModel, { ...base, trialId: 'bad', data: { ...base.data, labels: ['pos', 'pos'] } })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect((err as ApplicationFailure).type).toBe('ConfigError');
  expect((err as ApplicationFailure).nonRetryable).toBe(true);
  expect((err as Error).message).toContain('labels must be at least 2 distinct strings');
});
