import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createTrainModelActivities } from '../../../activities/training-activities';
import type { TrainingHeartbeat, TrainModelInput, TrainModelOutput } from '../../../activities/contracts';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { putArtifact, readArtifact } from '../../../lib/artifacts/content-addressed';
import { CheckpointPointerSchema } from '../../../lib/artifacts/checkpoint-pointer';
import { examplesToJsonl } from '../../../lib/core/example';
import { PURE_CPU_BACKEND } from '../../../lib/models/runtime/backend';
import { decodeClassifierCheckpoint } from '../../../lib/models/classifier/classifier-checkpoint';
import { syntheticExamples } from '../../helpers/synthetic-fixture';
import { capturedActivityLogs } from '../../helpers/activity-logs';

const activityLogs = capturedActivityLogs();

/**
 * trainModel's mid-epoch checkpoints (`checkpointEverySteps`) and its save on
 * cancellation, through the activity with a memory store: 200 train rows in
 * batches of 16 = 13 batches per epoch, 2 epochs, dropout on.
 */
const store = new MemoryArtifactStore();
const activities = createTrainModelActivities({ store, allowFileSources: false, backend: PURE_CPU_BACKEND });
let base: Omit<TrainModelInput, 'trialId'>;

const newEnv = () => new MockActivityEnvironment({ taskQueue: 'finetune-training' }, { logger: activityLogs.logger });
const weights = async (out: TrainModelOutput) =>
  decodeClassifierCheckpoint(await readArtifact(store, out.model!)).state.weights.map((w) => Array.from(w.values));
const results = (out: TrainModelOutput) => out.history.map(({ seconds: _s, samplesPerSecond: _r, ...rest }) => rest);
const learningCurve = async (trialId: string) =>
  JSON.parse(new TextDecoder().decode(await store.get(`runs/ckpt/trials/${trialId}/learning-curve.json`))) as {
    trialId: string;
    epochs: number;
    history: unknown[];
  };
const pointer = async (trialId: string) =>
  CheckpointPointerSchema.parse(
    JSON.parse(new TextDecoder().decode(await store.get(`runs/ckpt/trials/${trialId}/latest-checkpoint.json`))),
  );

let straight: TrainModelOutput;

beforeAll(async () => {
  const put = (n: number, seed: number) =>
    putArtifact(store, {
      runPrefix: 'runs/ckpt',
      kind: 'dataset',
      body: examplesToJsonl(syntheticExamples(n, seed)),
      ext: 'jsonl',
    });
  const [train, val] = await Promise.all([put(200, 1), put(40, 2)]);
  base = {
    runPrefix: 'runs/ckpt',
    params: { learningRate: 0.01, batchSize: 16, embeddingDim: 8, dropout: 0.3 },
    epochs: 2,
    seed: 5,
    maxLen: 12,
    vocabSize: 100,
    objective: 'val_macro_f1',
    data: { train, val, labels: ['pos', 'neg'] },
  };
  straight = await newEnv().run(activities.trainModel, { ...base, trialId: 'straight' });
});

test('checkpointEverySteps writes a checkpoint, pointer and heartbeat every N batches inside the epochs', async () => {
  const env = newEnv();
  const beats: TrainingHeartbeat[] = [];
  env.on('heartbeat', (d: TrainingHeartbeat) => d?.checkpoint && beats.push(d));
  const out: TrainModelOutput = await env.run(activities.trainModel, {
    ...base,
    trialId: 'every5',
    checkpointEverySteps: 5,
  });
  expect(beats.map((b) => [b.epoch, b.step])).toEqual([
    [0, 5],
    [0, 10],
    [1, undefined],
    [1, 5],
    [1, 10],
    [2, undefined],
  ]);
  expect(beats[0].progress).toBe('every5: epoch 1/2, batch 5/13 checkpointed');
  const mid = decodeClassifierCheckpoint(await readArtifact(store, beats[3].checkpoint)).header;
  expect(mid).toMatchObject({ epochsDone: 1, partialEpoch: { epoch: 2, batchesDone: 5 } });
  expect(await pointer('every5')).toMatchObject({ epoch: 2 });
  expect(await learningCurve('every5')).toEqual({
    trialId: 'every5',
    params: base.params,
    epochs: 2,
    history: out.history,
  });
  // Checkpointing more often changes nothing about the training.
  expect(results(out)).toEqual(results(straight));
});

test('checkpointEveryMinutes checkpoints inside an epoch once that much time passed (here: after every batch)', async () => {
  const env = newEnv();
  const beats: TrainingHeartbeat[] = [];
  env.on('heartbeat', (d: TrainingHeartbeat) => d?.checkpoint && beats.push(d));
  const out: TrainModelOutput = await env.run(activities.trainModel, {
    ...base,
    trialId: 'timed',
    checkpointEveryMinutes: 1e-9,
  });
  const steps = Array.from({ length: 12 }, (_, i) => i + 1);
  expect(beats.map((b) => [b.epoch, b.step])).toEqual([
    ...steps.map((s) => [0, s]),
    [1, undefined],
    ...steps.map((s) => [1, s]),
    [2, undefined],
  ]);
  expect(results(out)).toEqual(results(straight));
});

test('a retry resumes from the newest mid-epoch checkpoint and ends exactly like the uninterrupted run', async () => {
  // First attempt: cancelled right after the checkpoint at batch 10 of epoch 2 (a heartbeat timeout or shutdown would do the same).
  const first = newEnv();
  first.on('heartbeat', (d: TrainingHeartbeat) => d?.epoch === 1 && d.step === 10 && first.cancel());
  await expect(
    first.run(activities.trainModel, { ...base, trialId: 'retried', checkpointEverySteps: 5 }),
  ).rejects.toThrow();
  expect(await pointer('retried')).toMatchObject({ epoch: 1, step: 10 });

  const retry: TrainModelOutput = await newEnv().run(activities.trainModel, {
    ...base,
    trialId: 'retried',
    checkpointEverySteps: 5,
  });
  expect(retry).toMatchObject({ resumedFromEpoch: 1, resumedFromStep: 10 });
  expect(results(retry)).toEqual(results(straight));
  expect(await weights(retry)).toEqual(await weights(straight));
});

test('a cancelled attempt saves the batch boundary where it stopped, even between periodic checkpoints', async () => {
  // No periodic checkpoints: cancel a couple of event-loop turns after epoch 1's checkpoint, i.e. during epoch 2.
  const first = newEnv();
  first.on(
    'heartbeat',
    (d: TrainingHeartbeat) =>
      d?.epoch === 1 && d.step === undefined && setImmediate(() => setImmediate(() => first.cancel())),
  );
  activityLogs.clear();
  await expect(first.run(activities.trainModel, { ...base, trialId: 'cancelled' })).rejects.toThrow();
  expect(activityLogs.messages()).toContain('Saved a checkpoint where the attempt was cancelled');
  const saved = await pointer('cancelled');
  expect(saved.epoch).toBe(1);
  expect(saved.step).toBeGreaterThan(0);
  expect(saved.step).toBeLessThan(13);
  // The learning curve was written as epoch 1 ended, before the trial finished.
  expect((await learningCurve('cancelled')).history).toHaveLength(1);

  const retry: TrainModelOutput = await newEnv().run(activities.trainModel, { ...base, trialId: 'cancelled' });
  expect(retry).toMatchObject({ resumedFromEpoch: 1, resumedFromStep: saved.step });
  expect(results(retry)).toEqual(results(straight));
  expect(await weights(retry)).toEqual(await weights(straight));
});

test("a second run of this id with other params: the trial's learning curve is refused, or versioned with onExisting newVersion", async () => {
  const first = await learningCurve('straight');
  const other = { ...base, trialId: 'straight', params: { ...base.params, learningRate: 0.05 } };
  const err = await newEnv()
    .run(activities.trainModel, other)
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect((err as ApplicationFailure).type).toBe('ConfigError');
  expect((err as ApplicationFailure).nonRetryable).toBe(true);
  expect((err as ApplicationFailure).message).toContain(
    `Trial straight already has a different learning curve at ${store.uriFor('runs/ckpt/trials/straight/learning-curve.json')}`,
  );
  expect(await learningCurve('straight')).toEqual(first);
  await newEnv().run(activities.trainModel, { ...other, onExisting: 'newVersion' as const });
  const v2 = JSON.parse(
    new TextDecoder().decode(await store.get('runs/ckpt/trials/straight/v2/learning-curve.json')),
  ) as { params: { learningRate: number }; history: unknown[] };
  expect([v2.params.learningRate, v2.history.length]).toEqual([0.05, 2]);
  expect(await learningCurve('straight')).toEqual(first);
});
