import { condition, continueAsNew, executeChild, setHandler, workflowInfo, allHandlersFinished } from '@temporalio/workflow';
import type { TrialData, TrialRecord, TrialSuggestion } from '../activities/contracts';
import type { ExperimentConfig } from '../configs/experiment-schema';
import type { TrialObservation } from '../lib/search/types';
import { controlActivities, samplerActivities } from './activity-proxies';
import { applySweepCommand, parseSweepCommand, type AuditEntry, type SweepControlState } from './sweep-control';
import { sweepControlSignal, sweepControlUpdate, sweepLeaderboardQuery, sweepProgressQuery, type SweepProgress, type TrialRow } from './sweep-messages';
import { objectiveCurve, trainTrial } from './train-trial';
import { trialInput } from './trial-input';
import { recordRunAttributes } from './run-attributes';
import { validateConfigInWorkflow } from './validate-input';
import { checkTrainingBackendFirst } from './backend-preflight';
import { dropRefsOutsideTopK, MAX_SWEEP_STATE_BYTES, recordBytes, shortError } from './trial-table';

export { sweepProgressQuery, sweepLeaderboardQuery, sweepControlUpdate, sweepControlSignal };

export interface HpoSweepInput {
  schemaVersion?: 1;
  config: unknown;
  /** Curated data; when absent (a sweep started alone) the sweep curates the config's dataset first. */
  data?: TrialData;
  /** Artifact folder; default `runs/<workflowId>`. */
  runPrefix?: string;
  trainingTaskQueue?: string;
  /** Continue-as-new once history has this many events (default 5,000; the server refuses past 51,200). */
  maxHistoryEvents?: number;
  /**
   * End the sweep once the state it carries into continue-as-new (config, data refs, audit list
   * and trial table) reaches this many JSON bytes (default MAX_SWEEP_STATE_BYTES, under Temporal's 2 MB payload limit).
   */
  maxStateBytes?: number;
  /** Internal: state carried across continue-as-new. */
  carry?: SweepCarry;
}

/** Compact state carried from one generation to the next. */
export interface SweepCarry {
  trials: TrialRecord[];
  audit: AuditEntry[];
  control: SweepControlState;
  startedAtMs: number;
  generation: number;
  data: TrialData;
  runPrefix: string;
}

export interface HpoSweepResult {
  trials: TrialRecord[];
  best?: TrialRecord;
  endReason: string;
  generations: number;
  audit: AuditEntry[];
  /** Where warm-start trials came from (they steer the sampler; they are not in `trials`). */
  warmStart?: { source: string; trials: number };
}

/** Best completed trial by score (ties: lower index). */
export function bestTrial(trials: readonly TrialRecord[]): TrialRecord | undefined {
  return trials
    .filter((t) => t.status === 'completed' && t.score !== undefined && Number.isFinite(t.score))
    .reduce<TrialRecord | undefined>((best, t) => (!best || t.score! > best.score! ? t : best), undefined);
}

function observation(t: TrialRecord): TrialObservation {
  return { index: t.index, params: t.params, state: t.status, value: t.score, intermediate: t.intermediate };
}

const toRow = ({ model: _m, valPredictions: _v, ...row }: TrialRecord): TrialRow => row;

/**
 * A hyperparameter sweep that can run for days: asks the sampler for configs
 * (local activity), runs up to `parallelism` trials at once as child workflows,
 * records each as completed, pruned or failed (never left "running"), obeys
 * live commands (pause/resume/stop/set-budget) and budgets (trials, wall time,
 * target value, failed trials), and continues-as-new with compact state before
 * its history grows large. Running trials are drained before continue-as-new,
 * because children cannot outlive the run that started them. The trial table
 * stays compact: only the ensemble's `topK` candidates keep artifact refs, and
 * the sweep ends on its own before its carried state nears Temporal's 2 MB
 * payload limit (about 3,000 trials; see trial-table.ts).
 */
export async function hpoSweep(input: HpoSweepInput): Promise<HpoSweepResult> {
  const config = validateConfigInWorkflow(input.config, 'hpoSweep input.config');
  const carry = input.carry;
  const runPrefix = carry?.runPrefix ?? input.runPrefix ?? `runs/${workflowInfo().workflowId}`;
  const trials: TrialRecord[] = carry?.trials ?? [];
  const audit: AuditEntry[] = carry?.audit ?? [];
  let control: SweepControlState = carry?.control ?? {
    paused: false,
    stopRequested: false,
    maxTrials: config.search.maxTrials,
    parallelism: config.search.parallelism,
    maxFailedTrials: config.search.budget.maxFailedTrials,
  };
  const startedAtMs = carry?.startedAtMs ?? Date.now();
  const generation = carry?.generation ?? 0;
  const maxHistoryEvents = input.maxHistoryEvents ?? 5_000;
  const maxStateBytes = input.maxStateBytes ?? MAX_SWEEP_STATE_BYTES;
  let stateBytes = JSON.stringify({ config: input.config, data: carry?.data ?? input.data, audit }).length + trials.reduce((n, t) => n + recordBytes(t), 0);
  let running = trials.filter((t) => t.status === 'running').length; // always 0: generations end drained
  let draining = false;

  const count = (status: TrialRecord['status']) => trials.filter((t) => t.status === status).length;
  const endReason = (): string | undefined => {
    const { maxWallSeconds, targetValue } = config.search.budget;
    const best = bestTrial(trials);
    if (control.stopRequested) return control.stopReason ?? 'stopped by user';
    if (targetValue !== undefined && best && best.score! >= targetValue) return `target value ${targetValue} reached by ${best.trialId}`;
    if (control.maxFailedTrials !== undefined && count('failed') >= control.maxFailedTrials) return `${count('failed')} trials failed (maxFailedTrials ${control.maxFailedTrials})`;
    if (stateBytes >= maxStateBytes) {
      return `the sweep's state reached ${stateBytes} bytes (${trials.length} trials), near Temporal's 2 MB payload limit; continue in a new sweep that warm-starts from this one's best trials (search.warmStart)`;
    }
    if (maxWallSeconds !== undefined && Date.now() - startedAtMs >= maxWallSeconds * 1000) return `wall-time budget of ${maxWallSeconds} s spent`;
    if (trials.length >= control.maxTrials) return `all ${control.maxTrials} trials started`;
    return undefined;
  };
  const progress = (): SweepProgress => {
    const best = bestTrial(trials);
    const reason = endReason();
    const state = reason && running === 0 ? 'done' : reason ? 'stopping' : draining ? 'draining' : control.paused ? 'paused' : 'running';
    return {
      state,
      generation,
      control,
      started: trials.length,
      running,
      completed: count('completed'),
      failed: count('failed'),
      pruned: count('pruned'),
      best: best && { trialId: best.trialId, score: best.score!, params: best.params },
      endReason: reason,
      trials: trials.map(toRow),
      audit,
    };
  };
  const record = (via: AuditEntry['via'], command: unknown, outcome: AuditEntry['outcome'], message: string) => {
    const entry: AuditEntry = { at: new Date().toISOString(), via, command, outcome, message };
    audit.push(entry);
    stateBytes += JSON.stringify(entry).length + 1;
  };

  setHandler(sweepProgressQuery, progress);
  setHandler(sweepLeaderboardQuery, (n = 10) =>
    trials
      .filter((t) => t.status === 'completed')
      .sort((a, b) => b.score! - a.score! || a.index - b.index)
      .slice(0, n)
      .map(toRow),
  );
  setHandler(
    sweepControlUpdate,
    (command) => {
      const applied = applySweepCommand(control, command, trials.length);
      control = applied.state;
      record('update', command, 'applied', applied.message);
      return progress();
    },
    { validator: (command) => void parseSweepCommand(command) },
  );
  setHandler(sweepControlSignal, (raw) => {
    try {
      const applied = applySweepCommand(control, parseSweepCommand(raw), trials.length);
      control = applied.state;
      record('signal', raw, 'applied', applied.message);
    } catch (err) {
      record('signal', raw, 'rejected', (err as Error).message);
    }
  });

  // Started alone (the pipeline checked already and passes data): pre-flight before curating.
  if (!carry && !input.data) await checkTrainingBackendFirst(config, input.trainingTaskQueue);
  const data = carry?.data ?? input.data ?? (await curate(runPrefix, config));
  const suggest = samplerActivities();
  const historyTooLong = () => workflowInfo().historyLength > maxHistoryEvents || workflowInfo().continueAsNewSuggested;
  const canLaunch = () => !endReason() && !control.paused && !draining && running < control.parallelism;

  for (;;) {
    const wallLeftMs = config.search.budget.maxWallSeconds !== undefined ? startedAtMs + config.search.budget.maxWallSeconds * 1000 - Date.now() : undefined;
    const woke = () => canLaunch() || (!!endReason() && running === 0) || (historyTooLong() && !draining);
    if (wallLeftMs !== undefined && wallLeftMs > 0) await condition(woke, wallLeftMs);
    else await condition(woke);
    if (historyTooLong() && !draining && !endReason()) {
      draining = true;
      await condition(() => running === 0);
      await condition(allHandlersFinished);
      if (!endReason()) {
        const next: SweepCarry = { trials, audit, control, startedAtMs, generation: generation + 1, data, runPrefix };
        await continueAsNew<typeof hpoSweep>({ ...input, data: undefined, carry: next });
      }
      draining = false;
    }
    if (canLaunch()) {
      const n = Math.min(control.parallelism - running, control.maxTrials - trials.length);
      const suggestions = await suggest.suggestTrials({ config, history: trials.map(observation), count: n });
      // Commands may have arrived while the sampler ran: launch only what is still allowed.
      for (const suggestion of suggestions.slice(0, Math.max(0, control.maxTrials - trials.length))) launch(suggestion);
      continue;
    }
    if (endReason() && running === 0) break;
  }
  const { warmStart } = config.search;
  return {
    trials,
    best: bestTrial(trials),
    endReason: endReason() ?? 'done',
    generations: generation + 1,
    audit,
    ...(warmStart ? { warmStart: { source: warmStart.source, trials: warmStart.trials.length } } : {}),
  };

  function launch(suggestion: TrialSuggestion): void {
    const index = trials.length;
    const trial: TrialRecord = { trialId: `trial-${String(index).padStart(4, '0')}`, index, params: suggestion.params, status: 'running' };
    trials.push(trial);
    const launchedBytes = recordBytes(trial);
    stateBytes += launchedBytes;
    running++;
    void runTrial(trial, suggestion, config, data, runPrefix, input.trainingTaskQueue)
      .then(() => {
        // Records outside the ensemble's candidates lose their artifact refs, keeping the table (and every payload carrying it) small.
        stateBytes += recordBytes(trial) - launchedBytes - dropRefsOutsideTopK(trials, config.ensemble.topK);
        // Only on improvement: one small command, not one per trial.
        if (trial.status === 'completed' && bestTrial(trials)?.trialId === trial.trialId) recordRunAttributes({ bestScore: trial.score });
      })
      .finally(() => running--);
  }
}

async function curate(runPrefix: string, config: ExperimentConfig): Promise<TrialData> {
  const control = controlActivities();
  const curation = await control.curateDataset({ runPrefix, config });
  const augmented = await control.augmentTrainSet({ runPrefix, train: curation.train, config });
  return { train: augmented.train, val: curation.val, labels: curation.labels, ...(curation.classWeights ? { classWeights: curation.classWeights } : {}) };
}

/** Runs one trial child and writes its outcome into `trial` (never throws). */
async function runTrial(trial: TrialRecord, suggestion: TrialSuggestion, config: ExperimentConfig, data: TrialData, runPrefix: string, trainingTaskQueue?: string): Promise<void> {
  try {
    const result = await executeChild(trainTrial, {
      workflowId: `${workflowInfo().workflowId}-${trial.trialId}`,
      args: [trialInput({ config, trial, data, runPrefix, trainingTaskQueue, pruning: suggestion.pruning })],
    });
    trial.status = result.pruned ? 'pruned' : 'completed';
    trial.score = result.score;
    trial.intermediate = objectiveCurve(result.history, config.search.objective).map((v) => Number(v.toFixed(6)));
    trial.model = result.model;
    trial.valPredictions = result.valPredictions;
    trial.resumedFromEpoch = result.resumedFromEpoch;
    if (result.foldScores) trial.foldScores = result.foldScores.map((v) => Number(v.toFixed(6)));
  } catch (err) {
    trial.status = 'failed';
    trial.error = shortError(describeFailure(err));
  }
}

/** The innermost failure message (child -> activity -> application failure). */
function describeFailure(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
