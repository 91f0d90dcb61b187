import type { ArtifactRef } from './artifact-ref';
import { plural } from './plural';

/**
 * What `cli recover` decides before it restarts a failed run: which of the failed
 * execution's steps are reused, which trials are finished, which resume from a
 * checkpoint, and which artifacts must still be in the store. Pure: the shapes
 * below are structural (the workflows' step outputs satisfy them), so this file
 * needs neither Temporal nor the activities' contracts.
 */

/** A trial as the sweep's table holds it (only what recovery looks at). */
export interface RecoveryTrial {
  trialId: string;
  status: 'scheduled' | 'running' | 'completed' | 'pruned' | 'failed' | 'cancelled';
  model?: ArtifactRef;
  valPredictions?: ArtifactRef;
}

/** The steps a pipeline execution finished, as its `pipelineRecovery` query reports them (all optional). */
export interface RecoverySteps {
  curation?: { train: ArtifactRef; val: ArtifactRef; test: ArtifactRef; quarantine?: ArtifactRef };
  augmentation?: { train: ArtifactRef };
  pretrain?: { lm: ArtifactRef };
  folds?: { folds: { train: ArtifactRef; val: ArtifactRef }[] };
  sweep?: { trials: RecoveryTrial[] };
  finalTrials?: RecoveryTrial[];
  evaluation?: { evaluation: ArtifactRef; predictions: ArtifactRef };
  registry?: { entry: ArtifactRef };
}

/** The state of a sweep that did not finish (its `sweepRecovery` query), when the pipeline died in it. */
export interface RecoverySweepState {
  trials: RecoveryTrial[];
  /** The sweep's trial budget (after any `extend`). */
  control: { maxTrials: number };
}

/**
 * How long after a run (or its sweep) closed its activities may still run on
 * workers: an attempt learns that its workflow is gone only when its next
 * heartbeat is refused, and the SDK sends heartbeats at most every 0.8 x the
 * training queue's 20 s heartbeat timeout (16 s). 30 s covers that with margin.
 */
export const ORPHANED_ATTEMPT_GRACE_MS = 30_000;

/**
 * How long `recover` waits before starting the run again, so attempts of the
 * dead execution (a trial's training, an evaluation) have stopped (a cancelled
 * training attempt saves a checkpoint first) and no expensive step runs twice
 * at once: 0 once the run closed {@link ORPHANED_ATTEMPT_GRACE_MS} ago.
 */
export function orphanGraceLeftMs(closedAtMs: number, nowMs: number): number {
  return Math.max(0, closedAtMs + ORPHANED_ATTEMPT_GRACE_MS - nowMs);
}

/** Run statuses `recover` accepts: the execution ended without completing. */
export const RECOVERABLE_STATUSES = ['FAILED', 'TERMINATED', 'CANCELLED', 'TIMED_OUT'] as const;

/** Why a run cannot be recovered, or undefined when it can. Statuses are Temporal's execution status names. */
export function recoveryRefusal(runId: string, run: { status: string; type: string }): string | undefined {
  if (run.type !== 'fineTunePipeline') {
    return `Run ${runId} is a ${run.type} workflow, not a fineTunePipeline run; recover restarts fineTunePipeline runs only.`;
  }
  if (run.status === 'RUNNING') {
    return (
      `Run ${runId} is still running; there is nothing to recover.\n` +
      `Follow it with: npx tsx cli/main.ts watch ${runId}`
    );
  }
  if (run.status === 'COMPLETED') {
    return `Run ${runId} completed; there is nothing to recover.\n` + `Its result: npx tsx cli/main.ts result ${runId}`;
  }
  if (!(RECOVERABLE_STATUSES as readonly string[]).includes(run.status)) {
    return `Run ${runId} ended as ${run.status.toLowerCase()}; recover restarts failed, terminated, cancelled or timed-out runs only.`;
  }
  return undefined;
}

/** One artifact a reused step depends on, named for the error when it is missing. */
export interface RequiredArtifact {
  what: string;
  ref: ArtifactRef;
}

/**
 * Every artifact the reused steps point at: the recovered run reads them
 * instead of recomputing, so each must still be in the store.
 */
export function requiredArtifacts(steps: RecoverySteps, sweep?: RecoverySweepState): RequiredArtifact[] {
  const out: RequiredArtifact[] = [];
  const add = (what: string, ref: ArtifactRef | undefined) => ref && out.push({ what, ref });
  if (steps.curation) {
    add('curation: train split', steps.curation.train);
    add('curation: validation split', steps.curation.val);
    add('curation: test split', steps.curation.test);
  }
  add('augmentation: train split', steps.augmentation?.train);
  add('pretraining: language model', steps.pretrain?.lm);
  steps.folds?.folds.forEach((f, i) => {
    add(`folds: fold ${i + 1} train`, f.train);
    add(`folds: fold ${i + 1} validation`, f.val);
  });
  for (const t of [...(steps.sweep?.trials ?? sweep?.trials ?? []), ...(steps.finalTrials ?? [])]) {
    add(`${t.trialId}: model`, t.model);
    add(`${t.trialId}: validation predictions`, t.valPredictions);
  }
  add('evaluation: metrics', steps.evaluation?.evaluation);
  add('evaluation: predictions', steps.evaluation?.predictions);
  add('registry: entry', steps.registry?.entry);
  return out;
}

/** How the recovered run will treat each step, one line per step. */
export function recoverySummary(steps: RecoverySteps, sweep?: RecoverySweepState): string[] {
  const state = (reused: unknown, todo = 'to run') => (reused ? 'reused' : todo);
  const lines = [`curation: ${state(steps.curation)}`, `augmentation: ${state(steps.augmentation)}`];
  if (steps.pretrain) lines.push('pretraining: reused');
  if (steps.folds) lines.push('folds: reused');
  lines.push(`trials: ${trialsLine(steps, sweep)}`);
  if (steps.finalTrials) lines.push('final training: reused');
  lines.push(`evaluation: ${state(steps.evaluation)}`);
  lines.push(`registry: ${state(steps.registry)}`);
  lines.push('report: to write');
  return lines;
}

function trialsLine(steps: RecoverySteps, sweep?: RecoverySweepState): string {
  if (steps.sweep) return `sweep finished, ${plural(steps.sweep.trials.length, 'trial')} reused, none to train`;
  if (!sweep) return 'sweep to run';
  // Scheduled trials had not started training: they are launched again like running ones (same id and params).
  const unsettled = (t: RecoveryTrial) => t.status === 'running' || t.status === 'scheduled';
  const finished = sweep.trials.filter((t) => !unsettled(t)).length;
  const running = sweep.trials.filter(unsettled).map((t) => t.trialId);
  const resumed =
    running.length > 0 ? `, ${running.length} resume from their last checkpoint (${running.join(', ')})` : '';
  const fresh = Math.max(0, sweep.control.maxTrials - sweep.trials.length);
  return `${finished} finished reused${resumed}, ${fresh} to train`;
}

/** The error text when reused artifacts are gone from the store (deleted, expired, another bucket). */
export function missingArtifactsMessage(runId: string, missing: readonly RequiredArtifact[]): string {
  const shown = missing.slice(0, 10).map((m) => `- ${m.what}: ${m.ref.uri}`);
  const more = missing.length > 10 ? [`- ... and ${missing.length - 10} more`] : [];
  return [
    `Run ${runId} cannot be recovered: ${plural(missing.length, 'artifact')} its finished steps produced ${missing.length === 1 ? 'is' : 'are'} missing in the store:`,
    ...shown,
    ...more,
    'Check FF_S3_BUCKET / FF_S3_PREFIX point at the store the run used; otherwise start a new run: npx tsx cli/main.ts start <config>',
  ].join('\n');
}
