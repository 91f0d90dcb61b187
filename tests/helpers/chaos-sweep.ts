import type { Client, WorkflowHandle } from '@temporalio/client';
import type { TrialData, TrialRunResult } from '../../activities/contracts';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import { CurationSchema, DatasetSchema } from '../../configs/experiment-schema';
import { putArtifact, readArtifact, sha256Hex } from '../../lib/artifacts/content-addressed';
import type { S3ArtifactStore } from '../../lib/artifacts/s3-artifact-store';
import { examplesToJsonl } from '../../lib/core/example';
import { loadBuiltinDataset } from '../../lib/data/ingest/builtin-datasets';
import { curateDataset } from '../../lib/data/curate-dataset';
import type { WorkerEnv } from '../../workers/worker-env';
import type { HpoSweepResult } from '../../workflows/hpo-sweep';

/** Sweep size: the CI subset by default, bigger with FF_CHAOS_LONG=1 (scripts/chaos.sh --long). */
export const CHAOS_LONG = process.env.FF_CHAOS_LONG === '1';

/**
 * The sweep every chaos test runs: real tfjs training of the small sentiment
 * classifier (maxLen 24, vocab 2000, embedding 8, 4 epochs), a seeded random
 * sampler (trial i's params depend only on (seed, i), never on timing) and no
 * pruner, so each trial is one training activity and an undisturbed run of the
 * same config is the exact reference. batchSize 8/16 keeps an epoch long
 * enough (~1 s) for a kill to land mid-training.
 */
export function chaosSweepConfig(maxTrials: number): ExperimentConfigInput {
  return {
    name: 'chaos-sweep',
    seed: 7,
    dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
    model: { family: 'text-classifier', maxLen: 24, vocabSize: 2000 },
    search: {
      maxTrials,
      parallelism: 2,
      epochs: 4,
      sampler: { kind: 'random' },
      pruner: { kind: 'none' },
      space: {
        learningRate: { type: 'float', low: 0.003, high: 0.05, log: true },
        batchSize: { type: 'categorical', choices: [8, 16] },
        embeddingDim: { type: 'categorical', choices: [8] },
      },
    },
  };
}

/** Curates the builtin sentiment data once and uploads the splits; the sweeps get refs only. */
export async function uploadSweepData(store: S3ArtifactStore, runPrefix: string): Promise<TrialData> {
  const curated = curateDataset(
    loadBuiltinDataset('uci-sentiment'),
    {
      dataset: DatasetSchema.parse({ source: { kind: 'builtin', name: 'uci-sentiment' } }),
      curation: CurationSchema.parse({}),
    },
    7,
  );
  const put = (rows: typeof curated.splits.train) =>
    putArtifact(store, { runPrefix, kind: 'dataset', body: examplesToJsonl(rows), ext: 'jsonl' });
  return { train: await put(curated.splits.train), val: await put(curated.splits.val), labels: curated.labels };
}

/** Starts the chaos sweep `workflowId` on the fleet's queues. */
export function startChaosSweep(
  client: Client,
  env: WorkerEnv,
  workflowId: string,
  data: TrialData,
  maxTrials: number,
): Promise<WorkflowHandle> {
  return client.workflow.start('hpoSweep', {
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    workflowId,
    args: [{ config: chaosSweepConfig(maxTrials), data, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
  });
}

/** What the invariant checks found, for the figures. */
export interface SweepAudit {
  /** Child results by trial id (attempt, resumedFromEpoch, history). */
  children: Map<string, TrialRunResult>;
  /** Artifacts re-read and verified against their sha256. */
  artifactsVerified: number;
  /** Trial child workflow executions found in visibility (one per trial when nothing is duplicated). */
  childExecutions: number;
}

/**
 * The invariants after a disturbed sweep: every trial ended (completed, pruned
 * or failed, never running), one child workflow per trial id, which completed
 * exactly once, and every artifact reference in the result (model, val
 * predictions, data) reads back with a matching sha256.
 */
export async function auditSweep(
  client: Client,
  store: S3ArtifactStore,
  workflowId: string,
  result: HpoSweepResult,
  data: TrialData,
): Promise<SweepAudit> {
  const problems: string[] = [];
  const ids = result.trials.map((t) => t.trialId);
  if (new Set(ids).size !== ids.length) problems.push(`duplicate trial ids: ${ids.join(', ')}`);
  for (const t of result.trials) {
    if (!['completed', 'pruned', 'failed'].includes(t.status)) problems.push(`${t.trialId} ended ${t.status}`);
  }
  const expected = ids.map((id) => `${workflowId}-${id}:COMPLETED`).sort();
  const executions = await childExecutions(client, workflowId, expected);
  if (JSON.stringify(executions) !== JSON.stringify(expected))
    problems.push(`child executions ${executions.join(', ')}; expected ${expected.join(', ')}`);
  const children = new Map<string, TrialRunResult>();
  for (const id of ids) children.set(id, await client.workflow.getHandle(`${workflowId}-${id}`).result());
  let artifactsVerified = 0;
  const refs = [data.train, data.val, ...result.trials.flatMap((t) => [t.model, t.valPredictions])];
  for (const ref of refs) {
    if (!ref) continue;
    try {
      await readArtifact(store, ref);
      artifactsVerified++;
    } catch (err) {
      problems.push(`${ref.uri}: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) throw new Error(`sweep ${workflowId} broke its invariants:\n- ${problems.join('\n- ')}`);
  return { children, artifactsVerified, childExecutions: executions.length };
}

/**
 * `<workflowId>:<status>` of every trial child execution (all runs) in visibility,
 * sorted. Visibility is eventually consistent, so it is re-read for up to 10 s
 * until it equals `expected`; the last reading is returned either way.
 */
async function childExecutions(client: Client, workflowId: string, expected: string[]): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const executions: string[] = [];
    for await (const wf of client.workflow.list({ query: `WorkflowId STARTS_WITH "${workflowId}-trial-"` })) {
      executions.push(`${wf.workflowId}:${wf.status.name}`);
    }
    executions.sort();
    if (JSON.stringify(executions) === JSON.stringify(expected) || Date.now() > deadline) return executions;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Trial scores by id (completed trials), for comparing a disturbed sweep with the undisturbed one. */
export function scoresById(result: HpoSweepResult): Record<string, number | undefined> {
  return Object.fromEntries(result.trials.map((t) => [t.trialId, t.score]));
}

/** Checkpoint objects stored for each trial of a sweep (content-addressed: equal bytes, one object). */
export async function checkpointObjects(
  store: S3ArtifactStore,
  runPrefix: string,
  trialIds: string[],
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const id of trialIds) out[id] = (await store.list(`${runPrefix}/trials/${id}/checkpoint/`)).length;
  return out;
}

/** A training attempt the server sees as running (state STARTED) on a worker. */
export interface RunningAttempt {
  trialId: string;
  attempt: number;
  /** Temporal identity of the worker that holds it (`<pid>@<host>`). */
  identity: string;
}

/** Training attempts now started on a worker, from the sweep's running trials and their children's pending activities. */
export async function runningAttempts(client: Client, sweep: WorkflowHandle): Promise<RunningAttempt[]> {
  const progress = await sweep.query<{ trials: { trialId: string; status: string }[] }>('sweepProgress');
  const out: RunningAttempt[] = [];
  for (const trial of progress.trials.filter((t) => t.status === 'running')) {
    const description = await client.workflow
      .getHandle(`${sweep.workflowId}-${trial.trialId}`)
      .describe()
      .catch(() => undefined);
    for (const pending of description?.raw.pendingActivities ?? []) {
      // PENDING_ACTIVITY_STATE_STARTED = 2: a worker took the task (it may have died since).
      if (pending.state === 2 && pending.lastWorkerIdentity)
        out.push({ trialId: trial.trialId, attempt: pending.attempt ?? 1, identity: pending.lastWorkerIdentity });
    }
  }
  return out;
}

/** The epoch in a trial's S3 latest-checkpoint pointer (0 when none yet). */
export async function pointerEpoch(store: S3ArtifactStore, runPrefix: string, trialId: string): Promise<number> {
  const key = `${runPrefix}/trials/${trialId}/latest-checkpoint.json`;
  if (!(await store.head(key))) return 0;
  return (JSON.parse(new TextDecoder().decode(await store.get(key))) as { epoch: number }).epoch;
}

/**
 * Re-reads every content-addressed object under `runPrefix` (checkpoints,
 * models, predictions: keys `<kind>/<sha256>.<ext>`) and checks its bytes hash
 * to its name: nothing half-written or corrupt survived a fault. Returns how many.
 */
export async function verifyContentAddresses(store: S3ArtifactStore, runPrefix: string): Promise<number> {
  const keys = (await store.list(`${runPrefix}/`)).filter((k) => /\/[0-9a-f]{64}\.[A-Za-z0-9.]+$/.test(k));
  const bad: string[] = [];
  for (const key of keys) {
    const name = /\/([0-9a-f]{64})\.[A-Za-z0-9.]+$/.exec(key)![1];
    if (sha256Hex(await store.get(key)) !== name) bad.push(key);
  }
  if (bad.length > 0) throw new Error(`corrupt content-addressed objects: ${bad.join(', ')}`);
  return keys.length;
}
