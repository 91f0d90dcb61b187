import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Client, Connection } from '@temporalio/client';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import { recoverRun } from '../../cli/recover';
import { ConfigError } from '../../lib/core/errors';
import type { S3ArtifactStore } from '../../lib/artifacts/s3-artifact-store';
import { pipelineStatusQuery, type FineTunePipelineResult } from '../../workflows/fine-tune-pipeline';
import { sweepProgressQuery } from '../../workflows/sweep-messages';
import { CHAOS_STACK_SETTINGS, chaosStackVars, startChaosStack, stopChaosStack } from '../helpers/chaos-stack';
import { WorkerFleet } from '../helpers/chaos-workers';
import { envVars, testClient, testStore } from '../helpers/real-stack';
import type { WorkerEnv } from '../../workers/worker-env';

/**
 * `cli recover` on a private stack (issue 15, "storage outages"): a pipeline is
 * terminated while its sweep has finished one trial and is mid-way through the
 * next; `recover` restarts it under the same id, and the new execution must
 * reuse curation and the finished trial (no activity, no child, no epoch for
 * them), resume the interrupted trial from its last checkpoint (not epoch 0;
 * the training worker is SIGKILLed with the run, so it was really mid-way),
 * train only the rest of the budget, and complete. Epochs are counted from the
 * training worker's logs, by the Temporal run ids of the new execution's trial
 * children. Also: a run terminated in evaluation (the finished sweep is reused
 * whole), one that FAILED in registration (reused up to evaluation), and the
 * refusals: completed, unknown, wrong type, never started, running, artifacts gone.
 */
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EPOCHS = 6;

const config: ExperimentConfigInput = {
  name: 'chaos-recover',
  seed: 5,
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  model: { family: 'text-classifier', maxLen: 24, vocabSize: 2000 },
  search: {
    maxTrials: 3,
    parallelism: 1,
    epochs: EPOCHS,
    sampler: { kind: 'random' },
    pruner: { kind: 'none' },
    space: {
      learningRate: { type: 'float', low: 0.003, high: 0.05, log: true },
      embeddingDim: { type: 'categorical', choices: [8] },
    },
  },
  ensemble: { topK: 2 },
};

let env: WorkerEnv;
let client: Client;
let connection: Connection;
let fleet: WorkerFleet;
let store: S3ArtifactStore;

beforeAll(async () => {
  env = await startChaosStack('recover');
  const bundle = await bundleWorkflows(path.join(CHAOS_STACK_SETTINGS.FF_STACK_DIR, 'workflow-bundle.js'));
  fleet = new WorkerFleet(env, { FF_WORKFLOW_BUNDLE: bundle.path });
  await fleet.start(1);
  ({ client, connection } = await testClient(env));
  store = testStore(env);
}, 240_000);

afterAll(async () => {
  await connection?.close();
  await fleet?.stop();
  await stopChaosStack();
});

/** The real CLI against the private stack; resolves with stdout, or rejects with the exit code and stderr. */
function cli(...args: string[]) {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = chaosStackVars();
  return run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...envVars(env), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, FF_TEMPORAL_UI_URL: 'http://ui' },
    timeout: 120_000,
  });
}

function start(workflowId: string) {
  return client.workflow.start('fineTunePipeline', {
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    workflowId,
    args: [{ config, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
  });
}

/** Polls `probe` until it returns a value; its errors fail the wait unless `tolerant` (e.g. querying a sweep not started yet). */
async function until<T>(what: string, probe: () => Promise<T | undefined>, tolerant = false): Promise<T> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    const value = await probe().catch((err: unknown) => {
      if (tolerant) return undefined;
      throw err;
    });
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Activity types scheduled and child workflow ids (with their Temporal run ids) started in one execution's history. */
async function commandsOf(workflowId: string, runId?: string) {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const activities: string[] = [];
  const children = new Map<string, string>();
  for (const e of history.events ?? []) {
    const scheduled = e.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) activities.push(scheduled);
    const child = e.childWorkflowExecutionStartedEventAttributes?.workflowExecution;
    if (child?.workflowId) children.set(child.workflowId, child.runId ?? '');
  }
  return { activities, children };
}

/** Epochs logged ("Epoch done") and resume points ("Resuming trial from checkpoint") per trial, for the given trial run ids. */
function epochLog(runIds: Set<string>) {
  const epochs = new Map<string, number[]>();
  const resumedFrom = new Map<string, number>();
  for (const line of fleet.outputs().join('\n').split('\n')) {
    if (!line.startsWith('{')) continue;
    let rec: { msg?: string; trialId?: string; workflowRunId?: string; epoch?: number };
    try {
      rec = JSON.parse(line);
    } catch {
      continue;
    }
    if (!rec.trialId || !rec.workflowRunId || !runIds.has(rec.workflowRunId)) continue;
    if (rec.msg === 'Epoch done') epochs.set(rec.trialId, [...(epochs.get(rec.trialId) ?? []), rec.epoch!]);
    if (rec.msg === 'Resuming trial from checkpoint') resumedFrom.set(rec.trialId, rec.epoch!);
  }
  return { epochs, resumedFrom };
}

test('a run terminated mid-sweep is recovered: finished work reused, the interrupted trial resumes, the run completes', async () => {
  const workflowId = `chaos-recover-${Date.now()}`;
  const sweepId = `${workflowId}-sweep`;
  const first = await start(workflowId);
  const firstRunId = first.firstExecutionRunId;
  // One trial finished and the next one checkpointed at least one epoch, but not all.
  await until(
    'trial-0000 done and trial-0001 mid-training',
    async () => {
      const progress = await client.workflow.getHandle(sweepId).query(sweepProgressQuery);
      if (progress.completed < 1) return undefined;
      const checkpoints = await store.list(`runs/${workflowId}/trials/trial-0001/checkpoint/`);
      return checkpoints.length >= 1 ? true : undefined;
    },
    true,
  );
  // The machine dies with the run: no orphaned attempt trains on after the termination, so the
  // recovered trial must resume from the checkpoint the killed one left, mid-way.
  await fleet.kill(0);
  await first.terminate('chaos: the pipeline dies mid-sweep');
  await fleet.replace(0);

  const { stdout } = await until('the sweep to close', () =>
    cli('recover', workflowId).catch((err: { stderr?: string }) => {
      if (/still running/.test(err.stderr ?? '')) return undefined;
      throw err;
    }),
  );
  expect(stdout).toContain(`Recovering ${workflowId} (execution ${firstRunId} terminated):`);
  expect(stdout).toContain('  curation: reused\n  augmentation: reused\n');
  expect(stdout).toContain(
    '  trials: 1 finished reused, 1 resume from their last checkpoint (trial-0001), 1 to train\n',
  );
  expect(stdout).toContain('  evaluation: to run\n');
  expect(stdout).toContain(`Follow it with: npx tsx cli/main.ts watch ${workflowId}`);

  const result: FineTunePipelineResult = await client.workflow.getHandle(workflowId).result();
  expect(result.trials).toEqual({ total: 3, completed: 3, failed: 0, pruned: 0 });
  expect(result.report.uri).toContain(`runs/${workflowId}/`);

  // The new execution started no curation and no child for the finished trial.
  const recovered = await commandsOf(workflowId);
  expect(recovered.activities).not.toContain('curateDataset');
  expect(recovered.activities).not.toContain('augmentTrainSet');
  expect(recovered.activities).toContain('evaluateModels');
  const sweep = await commandsOf(sweepId);
  expect([...sweep.children.keys()].sort()).toEqual([`${sweepId}-trial-0001`, `${sweepId}-trial-0002`]);

  // Epochs trained by the new execution's trials, from the worker's logs: none of trial-0000,
  // trial-0001 only after its checkpoint, trial-0002 from scratch.
  const { epochs, resumedFrom } = epochLog(new Set(sweep.children.values()));
  expect(epochs.has('trial-0000')).toBe(false);
  const resumed = resumedFrom.get('trial-0001')!;
  expect(resumed).toBeGreaterThanOrEqual(1);
  expect(resumed).toBeLessThan(EPOCHS);
  expect(epochs.get('trial-0001')).toEqual(Array.from({ length: EPOCHS - resumed }, (_, i) => resumed + i + 1));
  expect(epochs.get('trial-0002')).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
  expect(resumedFrom.has('trial-0002')).toBe(false);
  console.log(`recovered ${workflowId}: trial-0001 resumed from epoch ${resumed}; CLI said:\n${stdout}`);
  // FF_RECORD_RECOVERY_FIXTURES=1 records this run's histories as replay fixtures (*-recovered-v1.json).
  if (process.env.FF_RECORD_RECOVERY_FIXTURES === '1') {
    const rec = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/record-histories.ts', workflowId, '1', 'recovered', 'trial-0001'],
      { cwd: ROOT, env: { ...process.env, TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS } },
    );
    console.log(rec.stdout);
  }

  // A completed run is not recovered again (the paid steps never start twice).
  await expect(recoverRun(client, workflowId, store)).rejects.toThrow(
    new ConfigError(
      `Run ${workflowId} completed; there is nothing to recover.\nIts result: npx tsx cli/main.ts result ${workflowId}`,
    ),
  );
  await expect(recoverRun(client, sweepId, store)).rejects.toThrow(
    `Run ${sweepId} is a hpoSweep workflow, not a fineTunePipeline run; recover restarts fineTunePipeline runs only.`,
  );
  expect(fleet.unexpectedExits()).toEqual([]);
});

test('a run that died after its sweep is recovered without a sweep: no trial child, evaluation runs again', async () => {
  const workflowId = `chaos-recover-eval-${Date.now()}`;
  const first = await start(workflowId);
  await until(
    'the evaluating stage',
    async () => ((await first.query(pipelineStatusQuery)).stage === 'evaluating' ? true : undefined),
    true,
  );
  await first.terminate('chaos: the pipeline dies in evaluation');
  const started = await recoverRun(client, workflowId, store);
  expect(started.plan).toEqual([
    'curation: reused',
    'augmentation: reused',
    'trials: sweep finished, 3 trials reused, none to train',
    'evaluation: to run',
    'registry: to run',
    'report: to write',
  ]);
  const result: FineTunePipelineResult = await client.workflow.getHandle(workflowId).result();
  expect(result.trials).toEqual({ total: 3, completed: 3, failed: 0, pruned: 0 });
  const recovered = await commandsOf(workflowId);
  expect(recovered.children.size).toBe(0);
  expect(recovered.activities.filter((a) => a !== 'checkTrainingBackend').sort()).toEqual([
    'evaluateModels',
    'registerModel',
    'writeReport',
  ]);
  // The first execution's sweep is the only one: its children are the only trainings of this run.
  const sweep = await commandsOf(`${workflowId}-sweep`);
  expect(sweep.children.size).toBe(3);
});

test('a run that FAILED in registration is recovered after the cause is fixed: sweep and evaluation reused', async () => {
  const workflowId = `chaos-recover-failed-${Date.now()}`;
  // A stale registry entry under this run id: registerModel refuses to overwrite it (non-retryable).
  const stale = `registry/${config.name}/${workflowId}/entry.json`;
  await store.put(stale, new TextEncoder().encode('{"stale": true}'));
  const first = await start(workflowId);
  await expect(first.result()).rejects.toThrow();
  expect((await first.describe()).status.name).toBe('FAILED');
  const failure = await commandsOf(workflowId, first.firstExecutionRunId);
  expect(failure.activities).toContain('evaluateModels');

  await store.delete(stale); // the operator removes the cause, then recovers
  const started = await recoverRun(client, workflowId, store);
  expect(started.fromStatus).toBe('FAILED');
  expect(started.plan).toEqual([
    'curation: reused',
    'augmentation: reused',
    'trials: sweep finished, 3 trials reused, none to train',
    'evaluation: reused',
    'registry: to run',
    'report: to write',
  ]);
  const result: FineTunePipelineResult = await client.workflow.getHandle(workflowId).result();
  expect(result.trials).toEqual({ total: 3, completed: 3, failed: 0, pruned: 0 });
  expect(result.registry.entryKey).toBe(stale);
  const recovered = await commandsOf(workflowId);
  expect(recovered.children.size).toBe(0);
  expect(recovered.activities.filter((a) => a !== 'checkTrainingBackend').sort()).toEqual([
    'registerModel',
    'writeReport',
  ]);
});

test('recover refuses an unknown id, a run no worker started, a running run, and a run whose artifacts are gone from S3', async () => {
  await expect(cli('recover', 'no-such-run-42')).rejects.toMatchObject({
    code: 2,
    stderr: `No run no-such-run-42: Temporal has no workflow with this id in namespace ${env.TEMPORAL_NAMESPACE}. Check the id (the Web UI lists runs).\n`,
  });

  // Closed before any worker took its first task: nothing to replay, nothing to reuse.
  const unstarted = `chaos-recover-unstarted-${Date.now()}`;
  const orphan = await client.workflow.start('fineTunePipeline', {
    taskQueue: `nobody-polls-${Date.now()}`,
    workflowId: unstarted,
    args: [{ config }],
  });
  await orphan.terminate('chaos: no worker ever saw it');
  await expect(recoverRun(client, unstarted, store)).rejects.toThrow(
    new ConfigError(
      `Run ${unstarted} ended before any step ran (no worker took its first task), so there is nothing to reuse.\n` +
        'Start it again with: npx tsx cli/main.ts start <config> (a new id is chosen)',
    ),
  );

  const workflowId = `chaos-recover-gone-${Date.now()}`;
  const handle = await start(workflowId);
  await until(
    'the sweep stage',
    async () => ((await handle.query(pipelineStatusQuery)).stage === 'sweeping' ? true : undefined),
    true,
  );
  await expect(recoverRun(client, workflowId, store)).rejects.toThrow(
    `Run ${workflowId} is still running; there is nothing to recover.\nFollow it with: npx tsx cli/main.ts watch ${workflowId}`,
  );
  await handle.terminate('chaos: dies, then its data is deleted');
  for (const key of await store.list(`runs/${workflowId}/dataset/`)) await store.delete(key);
  const err = await until('the sweep to close', () =>
    recoverRun(client, workflowId, store).then(
      () => new Error('recover started a run whose data is gone'),
      (e: Error) => (/still running/.test(e.message) ? undefined : e),
    ),
  );
  expect(err).toBeInstanceOf(ConfigError);
  expect(err.message).toMatch(
    new RegExp(
      `^Run ${workflowId} cannot be recovered: \\d+ artifacts its finished steps produced are missing in the store:\n- curation: train split: s3://`,
    ),
  );
  expect(err.message).toContain(
    'Check FF_S3_BUCKET / FF_S3_PREFIX point at the store the run used; otherwise start a new run: npx tsx cli/main.ts start <config>',
  );
  // Nothing was started: the terminated execution is still the latest.
  expect((await client.workflow.getHandle(workflowId).describe()).status.name).toBe('TERMINATED');
});
