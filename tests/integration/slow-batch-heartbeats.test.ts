/**
 * Issue 15 on the real stack: a training batch that blocks its thread for
 * longer than three heartbeat timeouts. With the trainer in a worker thread
 * (the default) the activity's own thread keeps heartbeating and the trial
 * completes in one attempt; the same trainer inline times out (the bug this
 * guards against); and a cancellation during a batch that would block for a
 * minute ends the attempt after the stop grace, the thread terminated.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, CancelledFailure, defaultPayloadConverter, TimeoutFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { TrainModelInput, TrainModelOutput, TrainingHeartbeat } from '../../activities/contracts';
import type { TrainingHostOptions } from '../../activities/deps';
import { createTrainModelActivities } from '../../activities/training-activities';
import { putArtifact } from '../../lib/artifacts/content-addressed';
import { examplesToJsonl } from '../../lib/core/example';
import { selectBackend, type SelectedBackend } from '../../lib/models/runtime/backend';
import { connect } from '../../workers/shared';
import { testClient, testStore, testWorkerEnv } from '../helpers/real-stack';
import { clearSlowBatch, setSlowBatch } from '../helpers/slow-batch-trainer';
import { syntheticExamples } from '../helpers/synthetic-fixture';

jest.setTimeout(240_000);

const HEARTBEAT_TIMEOUT_MS = 2_000;
const STOP_GRACE_MS = 2_000;
const SLOW_FACTORY = {
  module: require.resolve('../helpers/slow-batch-trainer'),
  factory: 'createSlowBatchClassifierTrainer',
};
const env = testWorkerEnv('hb');
const store = testStore(env);
const runPrefix = `runs/it-hb-${Date.now()}`;
let backend: SelectedBackend;
let base: Omit<TrainModelInput, 'trialId'>;
let clients: Awaited<ReturnType<typeof testClient>>;

beforeAll(async () => {
  backend = await selectBackend('auto');
  const put = (n: number, seed: number) =>
    putArtifact(store, { runPrefix, kind: 'dataset', body: examplesToJsonl(syntheticExamples(n, seed)), ext: 'jsonl' });
  const [train, val] = await Promise.all([put(200, 1), put(40, 2)]);
  base = {
    runPrefix,
    params: { learningRate: 0.01, batchSize: 16, embeddingDim: 8, dropout: 0.1 },
    epochs: 2,
    seed: 5,
    maxLen: 12,
    vocabSize: 100,
    objective: 'val_macro_f1',
    data: { train, val, labels: ['pos', 'neg'] },
  };
  clients = await testClient(env);
});

afterAll(async () => {
  clearSlowBatch();
  await clients.connection.close();
});

/** Runs `body` with a training worker in this process whose trainModel uses `training` (the slow-batch factory). */
async function withTrainingWorker<T>(training: TrainingHostOptions, body: () => Promise<T>): Promise<T> {
  const connection = await connect(env);
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.FF_TRAINING_TASK_QUEUE,
    workflowsPath: require.resolve('./heartbeat/train-once-workflow'),
    activities: createTrainModelActivities({
      store,
      allowFileSources: false,
      backend,
      training: { classifierFactory: SLOW_FACTORY, stopGraceMs: STOP_GRACE_MS, ...training },
    }),
    maxHeartbeatThrottleInterval: '2 seconds',
  });
  try {
    return await worker.runUntil(body());
  } finally {
    await connection.close();
  }
}

function startTrainOnce(trialId: string) {
  return clients.client.workflow.start('trainOnce', {
    taskQueue: env.FF_TRAINING_TASK_QUEUE,
    workflowId: `${runPrefix.replace(/\//g, '-')}-${trialId}`,
    args: [
      { ...base, trialId },
      { taskQueue: env.FF_TRAINING_TASK_QUEUE, heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS },
    ],
  });
}

async function eventTypes(handle: ReturnType<typeof startTrainOnce> extends Promise<infer H> ? H : never) {
  const history = await handle.fetchHistory();
  return (history.events ?? []).map((e) => String(temporal.api.enums.v1.EventType[e.eventType ?? 0]));
}

test('a batch blocking its thread for over 3 heartbeat timeouts: the threaded trial completes in one attempt', async () => {
  const blockMs = 3.5 * HEARTBEAT_TIMEOUT_MS;
  setSlowBatch({ batch: 3, ms: blockMs });
  const out: TrainModelOutput = await withTrainingWorker({}, async () => {
    const handle = await startTrainOnce('threaded');
    const result = await handle.result();
    expect((await eventTypes(handle)).filter((t) => /TIMED_OUT/.test(t))).toEqual([]);
    return result;
  });
  expect(out.attempt).toBe(1);
  expect(out.history).toHaveLength(2);
  // The slow batch really ran inside epoch 1 (it includes the block), and epoch 2 did not.
  expect(out.history[0].seconds * 1000).toBeGreaterThanOrEqual(blockMs);
  expect(out.history[1].seconds * 1000).toBeLessThan(blockMs);
});

test('the same blocking batch on the activity thread (inline) times the attempt out: the bug the thread fixes', async () => {
  setSlowBatch({ batch: 3, ms: 3.5 * HEARTBEAT_TIMEOUT_MS });
  const err = await withTrainingWorker({ mode: 'inline' }, async () => {
    const handle = await startTrainOnce('inline');
    return handle.result().catch((e: unknown) => e);
  });
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ActivityFailure);
  expect((cause as ActivityFailure).cause).toBeInstanceOf(TimeoutFailure);
  expect(((cause as ActivityFailure).cause as TimeoutFailure).timeoutType).toBe('HEARTBEAT');
});

test('cancelling during a batch that would block for a minute ends the attempt after the stop grace', async () => {
  const blockMs = 60_000;
  setSlowBatch({ batch: 3, ms: blockMs });
  await withTrainingWorker({}, async () => {
    const handle = await startTrainOnce('cancel');
    // Batch 2's progress arrived from the thread: batch 3 (the blocking one) is running.
    for (let live; !(live && live.batch >= 2); await new Promise((r) => setTimeout(r, 200))) {
      const pending = (await handle.describe()).raw.pendingActivities ?? [];
      const payload = pending[0]?.heartbeatDetails?.payloads?.[0];
      live = payload
        ? defaultPayloadConverter.fromPayload<TrainingHeartbeat | undefined>(payload as never)?.live
        : undefined;
    }
    const cancelledAt = Date.now();
    await handle.cancel();
    const err = await handle.result().catch((e: unknown) => e);
    const tookMs = Date.now() - cancelledAt;
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(await eventTypes(handle)).toContain('EVENT_TYPE_ACTIVITY_TASK_CANCELED');
    // The attempt ended once the cancel reached it (next heartbeat) and the grace ran out, not when the batch would have.
    expect(tookMs).toBeGreaterThanOrEqual(STOP_GRACE_MS);
    expect(tookMs).toBeLessThan(blockMs / 4);
    console.log(`cancel -> attempt ended: ${tookMs} ms (stop grace ${STOP_GRACE_MS} ms)`);
  });
});
