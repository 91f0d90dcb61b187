import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import type { ArtifactStore } from '../lib/artifacts/artifact-store';
import { ConfigError } from '../lib/core/errors';
import {
  missingArtifactsMessage,
  recoveryRefusal,
  recoverySummary,
  requiredArtifacts,
  orphanGraceLeftMs,
  type RequiredArtifact,
} from '../lib/core/recovery-plan';
import { assertValidRunId } from '../lib/core/run-id';
import { parseExperimentConfig } from '../configs/validate-config';
import type { HpoSweepResult } from '../workflows/hpo-sweep';
import {
  pipelineRecoveryQuery,
  sweepRecoveryQuery,
  type PipelineRecoveryInfo,
  type SweepRecoveryState,
} from '../workflows/recovery';
import { printable, printableJson } from '../lib/core/printable';
import { loadWorkerEnv } from '../workers/worker-env';
import { s3StoreFromEnv } from '../workers/s3-store-from-env';
import { connectClient, workflowUiLink } from './client';
import { startPipeline } from './start-pipeline';

/** What `recover` did: the restarted run, the execution it recovered and how each step is treated. */
export interface RecoveryStarted {
  workflowId: string;
  /** Temporal run id and status of the execution that was recovered. */
  fromExecution: string;
  fromStatus: string;
  /** One line per step, e.g. "curation: reused", "evaluation: to run". */
  plan: string[];
}

const watchHint = (runId: string) => `npx tsx cli/main.ts watch ${runId}`;

/** Describes a workflow, or undefined when Temporal has none with this id. */
async function describeOrNone(client: Client, workflowId: string): Promise<WorkflowExecutionDescription | undefined> {
  return client.workflow
    .getHandle(workflowId)
    .describe()
    .catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    });
}

/** Reads a closed execution's query answer; the control worker replays it (hence the advice when it cannot). */
async function queryClosed<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(
      `Cannot read ${what}: ${(err as Error).message}${(err as Error).cause ? ` (${((err as Error).cause as Error).message})` : ''}\n` +
        'recover asks the control worker to replay the failed execution: start it (node --import tsx workers/control-worker.ts) and try again. ' +
        'A run started by a version of finetune-flow without recover cannot be recovered; start a new run instead.',
    );
  }
}

/**
 * The sweep's state when the pipeline died before the sweep's result reached it:
 * a completed sweep's result (then nothing is trained again), a dead sweep's
 * full table (its running trials are relaunched and resume from their
 * checkpoints), or undefined when no sweep was started. A sweep still running
 * (it is being terminated with its parent) is refused: two sweeps must never
 * train the same trials at once.
 */
async function sweepLeftBehind(
  client: Client,
  runId: string,
  sweepId: string,
): Promise<{ result?: HpoSweepResult; state?: SweepRecoveryState; closedAtMs?: number }> {
  const sweep = await describeOrNone(client, sweepId);
  if (!sweep) return {};
  if (sweep.status.name === 'RUNNING') {
    throw new ConfigError(
      `Run ${runId}'s sweep ${sweepId} is still running (it is being closed with the run); try again in a few seconds.\n` +
        `Follow it with: ${watchHint(runId)}`,
    );
  }
  const handle = client.workflow.getHandle(sweepId, sweep.runId);
  if (sweep.status.name === 'COMPLETED')
    return { result: await handle.result(), closedAtMs: sweep.closeTime?.getTime() };
  const state = await queryClosed(`the trial table of ${sweepId}`, () =>
    handle.query(sweepRecoveryQuery).catch(async (err: unknown) => {
      // Killed before its first workflow task completed, there is nothing to replay: harmless only if no trial started.
      if (!(await startedAnyTrial(client, sweepId, sweep.runId))) return undefined;
      throw err;
    }),
  );
  const closedAtMs = sweep.closeTime?.getTime();
  if (!state) return { closedAtMs };
  // Its trial children close with it, a moment later; a relaunch under a still-open id would fail the trial.
  for (const trial of state.trials.filter((t) => t.status === 'running' || t.status === 'scheduled')) {
    const child = await describeOrNone(client, `${sweepId}-${trial.trialId}`);
    if (child?.status.name === 'RUNNING') {
      throw new ConfigError(
        `Run ${runId}'s trial ${sweepId}-${trial.trialId} is still running (it is being closed with the run); try again in a few seconds.`,
      );
    }
  }
  // The wall-time budget counts the time the sweep ran, not the time it lay dead.
  const downMs = closedAtMs ? Math.max(0, Date.now() - closedAtMs) : 0;
  return { state: { ...state, startedAtMs: state.startedAtMs + downMs }, closedAtMs };
}

/** Whether a sweep execution's history shows a trial child started (then its table must not be lost). */
async function startedAnyTrial(client: Client, sweepId: string, runId: string): Promise<boolean> {
  const history = await client.workflow.getHandle(sweepId, runId).fetchHistory();
  return (history.events ?? []).some((e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
}

/** The artifacts among `required` that the store does not hold (or cannot address). */
async function missingIn(store: ArtifactStore, required: RequiredArtifact[]): Promise<RequiredArtifact[]> {
  const found = await Promise.all(
    required.map(async (r) => {
      try {
        return (await store.head(store.keyFor(r.ref.uri))) !== null;
      } catch {
        return false;
      }
    }),
  );
  return required.filter((_, i) => !found[i]);
}

/**
 * `cli recover <runId>`: restarts a failed, terminated, cancelled or timed-out
 * `fineTunePipeline` run as a new execution under the same id that reuses every
 * finished step's artifacts and computes only what is missing. Reads the failed
 * execution's original input and finished steps (pipelineRecovery query), checks
 * every reused artifact is still in `store`, and starts the same id with
 * `ALLOW_DUPLICATE_FAILED_ONLY`, so a run that completed or is running is never
 * started twice. Throws a ConfigError (exit 2) naming the reason and what to do:
 * unknown id, not a pipeline, still running, completed, unreadable, artifacts missing.
 */
export async function recoverRun(client: Client, runIdArg: string, store: ArtifactStore): Promise<RecoveryStarted> {
  const runId = assertValidRunId(runIdArg, 'run id');
  const run = await describeOrNone(client, runId);
  if (!run) {
    throw new ConfigError(
      `No run ${runId}: Temporal has no workflow with this id in namespace ${client.options.namespace}. Check the id (the Web UI lists runs).`,
    );
  }
  const refusal = recoveryRefusal(runId, { status: run.status.name, type: run.type });
  if (refusal) throw new ConfigError(refusal, { runId, status: run.status.name });

  const info: PipelineRecoveryInfo = await queryClosed(`what run ${runId} finished`, () =>
    client.workflow
      .getHandle(runId, run.runId)
      .query(pipelineRecoveryQuery)
      .catch((err: unknown) => {
        if (/closed before WorkflowTaskStarted/.test(String(((err as Error).cause as Error | undefined)?.message)))
          throw new ConfigError(
            `Run ${runId} ended before any step ran (no worker took its first task), so there is nothing to reuse.\n` +
              'Start it again with: npx tsx cli/main.ts start <config> (a new id is chosen)',
          );
        throw err;
      }),
  );
  const steps = { ...info.steps };
  let sweep: SweepRecoveryState | undefined;
  let closedAtMs = run.closeTime?.getTime() ?? Date.now();
  if (!steps.sweep) {
    const left = await sweepLeftBehind(client, runId, info.sweepWorkflowId);
    if (left.result) steps.sweep = left.result;
    sweep = left.state;
    closedAtMs = Math.max(closedAtMs, left.closedAtMs ?? 0);
  }
  const missing = await missingIn(store, requiredArtifacts(steps, sweep));
  if (missing.length > 0) throw new ConfigError(missingArtifactsMessage(runId, missing), { runId });
  const waitMs = orphanGraceLeftMs(closedAtMs, Date.now());
  if (waitMs > 0) {
    console.error(
      `Waiting ${Math.ceil(waitMs / 1000)} s: ${runId} closed just now, and its activities still on workers stop at their next heartbeat.`,
    );
    await new Promise((r) => setTimeout(r, waitMs));
  }

  const config = parseExperimentConfig(info.input.config, `run ${runId}'s input config`);
  try {
    await startPipeline(client, {
      workflowId: runId,
      taskQueue: run.taskQueue,
      // Temporal starts the id again only while its last execution did not complete.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      config,
      input: { ...info.input, recovery: { fromExecution: run.runId, steps, ...(sweep ? { sweep } : {}) } },
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new ConfigError(
        `Run ${runId} was started again meanwhile (another recover?); it was not started twice.\nFollow it with: ${watchHint(runId)}`,
      );
    }
    throw err;
  }
  return {
    workflowId: runId,
    fromExecution: run.runId,
    fromStatus: run.status.name,
    plan: recoverySummary(steps, sweep),
  };
}

/** The human-readable lines `recover` prints. */
export function formatRecovery(r: RecoveryStarted, uiLink: string): string {
  return [
    `Recovering ${r.workflowId} (execution ${r.fromExecution} ${r.fromStatus.toLowerCase().replace('_', ' ')}):`,
    ...r.plan.map((line) => `  ${line}`),
    `Started ${r.workflowId} again`,
    `Follow it with: ${watchHint(r.workflowId)}`,
    `Web UI: ${uiLink}`,
  ].join('\n');
}

/** The `recover` command: recovers, prints the plan (or JSON) and optionally follows the new execution. */
export async function recoverCommand(
  runId: string,
  opts: { wait?: boolean; json?: boolean },
  follow: (workflowId: string, json: boolean, watch: boolean) => Promise<void>,
): Promise<void> {
  const { client, connection } = await connectClient();
  let started: RecoveryStarted;
  try {
    started = await recoverRun(client, runId, s3StoreFromEnv(loadWorkerEnv()));
  } finally {
    await connection.close();
  }
  const ui = workflowUiLink(started.workflowId);
  console.log(
    opts.json ? printableJson({ ...started, ui }) : printable(formatRecovery(started, ui), { keepNewlines: true }),
  );
  if (opts.wait) await follow(started.workflowId, !!opts.json, true);
}
