import type { HpoSweepResult } from '../../workflows/hpo-sweep';
import type { SweepProgress } from '../../workflows/sweep-messages';
import { runControlWorker } from '../helpers/control-worker';
import { startCheapObjectiveWorker } from '../helpers/cheap-objective-worker';
import { testClient, testWorkerEnv } from '../helpers/real-stack';

/**
 * `budget.onDeadline: cancel` and scheduled-vs-running progress on the real
 * server. The training worker runs one attempt at a time and each takes 10
 * minutes, so with parallelism 2 one trial runs and the other waits on the queue
 * (scheduled): the progress query must tell them apart, and at the deadline both
 * are cancelled, the running one acknowledging the cancellation on its worker,
 * and the sweep ends long before either trial could have finished.
 */
jest.setTimeout(180_000);

const ref = { uri: 'mem://cheap/d', sha256: 'a'.repeat(64), bytes: 1, kind: 'dataset' as const };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TRIAL_MS = 10 * 60_000;

type Env = ReturnType<typeof testWorkerEnv>;
type TestClient = Awaited<ReturnType<typeof testClient>>['client'];

/** A 4-trial sweep, 2 at a time, with a 20 s deadline that cancels. */
function startSweep(client: TestClient, env: Env, workflowId: string, extra: { maxHistoryEvents?: number } = {}) {
  return client.workflow.start('hpoSweep', {
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    workflowId,
    args: [
      {
        config: {
          name: 'deadline-it',
          dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
          search: {
            maxTrials: 4,
            parallelism: 2,
            epochs: 1,
            space: { learningRate: { type: 'float', low: 0.001, high: 0.1, log: true } },
            budget: { maxWallSeconds: 20, onDeadline: 'cancel' },
          },
        },
        data: { train: ref, val: ref, labels: ['a', 'b'] },
        trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE,
        ...extra,
      },
    ],
  });
}

test('onDeadline cancel: scheduled and running trials are told apart, then cancelled at the deadline', async () => {
  const env = testWorkerEnv('deadline');
  const control = await runControlWorker(env);
  const training = await startCheapObjectiveWorker(env, { delayMs: TRIAL_MS, maxConcurrent: 1 });
  const { client, connection } = await testClient(env);
  const workflowId = `it-deadline-${Date.now()}`;
  try {
    const handle = await startSweep(client, env, workflowId);
    // Before the deadline: one trial started by the worker (it reported in), one still on the queue.
    let seen: SweepProgress | undefined;
    for (let i = 0; i < 60; i++) {
      seen = await handle.query<SweepProgress>('sweepProgress');
      if (seen.running === 1 || seen.state !== 'running') break;
      await sleep(250);
    }
    expect(seen).toMatchObject({ state: 'running', started: 2, scheduled: 1, running: 1 });
    const runningId = seen!.trials.find((t) => t.status === 'running')!.trialId;
    expect(seen!.trials.map((t) => t.status).sort()).toEqual(['running', 'scheduled']);

    const result: HpoSweepResult = await handle.result();
    expect(result.endReason).toBe('wall-time budget of 20 s spent');
    expect(result.trials).toHaveLength(2);
    for (const t of result.trials) {
      expect(t.status).toBe('cancelled');
      expect(t.error).toBe('cancelled at the deadline: maxWallSeconds 20 s spent (budget.onDeadline: cancel)');
    }
    // The running attempt learned of the cancellation on its worker (there it saves a checkpoint) before
    // the sweep ended; the scheduled one never started.
    expect(training.cancelled).toEqual([runningId]);
    expect(training.calls.map((c) => c.trialId)).toEqual([runningId]);
    // Promptly: the result came within this test's 3-minute timeout, long before a 10-minute trial could end.
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  } finally {
    await connection.close();
    await training.stop();
    await control.stop();
  }
});

test('onDeadline cancel also cancels while the sweep drains its trials before continue-as-new', async () => {
  const env = testWorkerEnv('deadline-drain');
  const control = await runControlWorker(env);
  const training = await startCheapObjectiveWorker(env, { delayMs: TRIAL_MS });
  const { client, connection } = await testClient(env);
  try {
    // A tiny history budget: the sweep starts draining right after launching its first two trials.
    const handle = await startSweep(client, env, `it-deadline-drain-${Date.now()}`, { maxHistoryEvents: 10 });
    const result: HpoSweepResult = await handle.result();
    expect(result.generations).toBe(1);
    expect(result.endReason).toBe('wall-time budget of 20 s spent');
    expect(result.trials.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
    expect(training.cancelled.sort()).toEqual(['trial-0000', 'trial-0001']);
  } finally {
    await connection.close();
    await training.stop();
    await control.stop();
  }
});
