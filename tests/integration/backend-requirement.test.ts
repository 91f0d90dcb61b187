import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError, type Client } from '@temporalio/client';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import { testClient, testStore, testWorkerEnv, envVars } from '../helpers/real-stack';
import { usePipelineWorkers } from '../helpers/pipeline-workers';
import { spawnWorker } from '../helpers/spawn-worker';
import { selectBackend } from '../../lib/models/runtime/backend';
import { describeBackend, type SelectedBackend } from '../../lib/models/runtime/backend-requirement';

/**
 * `model.requireBackend` and `FF_REQUIRE_BACKEND` on the real stack, with the
 * real training worker, on whichever backend the workers select here
 * (FF_TFJS_BACKEND, default auto: native CPU where scripts/install-tfjs-native.sh
 * ran, wasm where it did not; test.sh runs this file once per backend). A run
 * that demands more than the worker has must fail in its pre-flight, before any
 * data is curated or trial started; a worker that demands a GPU must not poll.
 */
jest.setTimeout(120_000);

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

/** The backend the spawned workers will pick: same machine, same FF_TFJS_BACKEND, same selection. */
let workerBackend: SelectedBackend;
beforeAll(async () => {
  workerBackend = await selectBackend(
    (process.env.FF_TFJS_BACKEND as 'auto' | 'cpu' | 'wasm' | 'tensorflow' | undefined) ?? 'auto',
  );
  await selectBackend('cpu');
});

const env = testWorkerEnv('backend-req');
const store = testStore(env);

const config = (requireBackend: 'gpu' | 'native'): ExperimentConfigInput => ({
  name: 'backend-req',
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  model: { family: 'text-classifier', requireBackend },
  search: {
    maxTrials: 2,
    parallelism: 1,
    epochs: 1,
    space: { learningRate: { type: 'float', low: 0.005, high: 0.02, log: true } },
  },
});

usePipelineWorkers(env);

let client: Client;
let closeClient: () => Promise<void>;
beforeAll(async () => {
  const c = await testClient(env);
  client = c.client;
  closeClient = () => c.connection.close();
});
afterAll(() => closeClient?.());

/** Runs a workflow to its failure; returns the root ApplicationFailure and what the run left behind. */
async function failureOf(workflowType: 'fineTunePipeline' | 'hpoSweep', workflowId: string, input: unknown) {
  const err = await client.workflow
    .execute(workflowType, {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId,
      args: [input],
      workflowExecutionTimeout: '90 seconds',
    })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  // The run's failure names the activity and the root cause; the activity failure is kept as its cause.
  const failure = (err as WorkflowFailedError).cause as ApplicationFailure;
  expect(failure).toBeInstanceOf(ApplicationFailure);
  const activityFailure = failure.cause;
  expect(activityFailure).toBeInstanceOf(ActivityFailure);
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return {
    failure,
    activity: activityFailure as ActivityFailure,
    cause: (activityFailure as ActivityFailure).cause as ApplicationFailure,
    scheduled: events.flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : [],
    ),
    attempts: events.flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : [],
    ),
    children: events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length,
    written: await store.list(`runs/${workflowId}/`),
  };
}

/** The strictest requirement that this machine's workers do not meet ('native' on wasm/cpu, 'gpu' on native CPU). */
const unmet = (): 'gpu' | 'native' => (workerBackend.native ? 'gpu' : 'native');

test.each(['fineTunePipeline', 'hpoSweep'] as const)(
  '%s requiring more than the worker has fails in its pre-flight: once, before curation, naming the field',
  async (type) => {
    const requirement = type === 'fineTunePipeline' ? 'gpu' : unmet();
    if (workerBackend.gpu) return; // a GPU worker meets every requirement: nothing to refuse
    const input = { config: config(requirement), trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE };
    const workflowId = `it-backend-req-${type}-${Date.now()}`;
    const out = await failureOf(type, workflowId, input);
    expect(out.activity.activityType).toBe('checkTrainingBackend');
    expect(out.cause.type).toBe('ConfigError');
    expect(out.cause.nonRetryable).toBe(true);
    expect(out.cause.message).toContain(
      `model.requireBackend is "${requirement}" but the training worker on task queue "${env.FF_TRAINING_TASK_QUEUE}" runs ${describeBackend(workerBackend)}`,
    );
    expect(out.failure.message).toBe(`checkTrainingBackend failed (not retryable): ${out.cause.message}`);
    expect(out.failure.type).toBe('ConfigError');
    if (type === 'fineTunePipeline') {
      // What `cli result` / `cli watch` print for the failed run: the same summary, exit code 1.
      const cli = await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'result', workflowId], {
        cwd: ROOT,
      }).catch((e: { code: number; stderr: string }) => e);
      expect((cli as { code: number }).code).toBe(1);
      expect((cli as { stderr: string }).stderr).toContain(`Run failed: ${out.failure.message}`);
    }
    expect(out.scheduled).toEqual(['checkTrainingBackend']);
    expect(out.attempts).toEqual([1]);
    expect(out.children).toBe(0);
    expect(out.written).toEqual([]);
  },
);

test('a training worker with FF_REQUIRE_BACKEND=gpu on a CPU-only machine exits before polling, saying why', async () => {
  const worker = spawnWorker('training-worker', {
    ...envVars(env),
    FF_TRAINING_TASK_QUEUE: `${env.FF_TRAINING_TASK_QUEUE}-gpu`,
    FF_REQUIRE_BACKEND: 'gpu',
  });
  await expect(worker.ready).rejects.toThrow(/exited \(1\) before polling/);
  expect(worker.child.exitCode).toBe(1);
  expect(worker.output()).toContain(
    `FF_REQUIRE_BACKEND=gpu but this worker's tfjs backend is ${describeBackend(workerBackend)}; not polling ${env.FF_TRAINING_TASK_QUEUE}-gpu`,
  );
});
