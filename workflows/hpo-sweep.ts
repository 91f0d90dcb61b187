import {
  CancellationScope,
  condition,
  isCancellation,
  continueAsNew,
  executeChild,
  setHandler,
  workflowInfo,
  allHandlersFinished,
} from '@temporalio/workflow';
import type { TrialData, TrialRecord, TrialSuggestion } from '../activities/contracts';
import type { ExperimentConfig } from '../configs/experiment-schema';
import { controlActivities, samplerActivities } from './activity-proxies';
import { parseSweepCommand } from './sweep-control';
import { isUnsettled, SweepState } from './sweep-state';
import type { HpoSweepResult, SweepCarry } from './sweep-types';
import {
  sweepControlSignal,
  sweepControlUpdate,
  sweepLeaderboardQuery,
  sweepProgressQuery,
  trialStartedSignal,
} from './sweep-messages';
import { objectiveCurve, trainTrial } from './train-trial';
import { trialInput } from './trial-input';
import { recordRunAttributes } from './run-attributes';
import { validateConfigInWorkflow } from './validate-input';
import { checkOwnWorkflowId } from './check-run-id';
import { runPrefixFor } from '../lib/core/run-id';
import { checkBaseModelFirst, checkTrainingBackendFirst } from './backend-preflight';
import { MAX_SWEEP_STATE_BYTES, recordBytes, shortError } from './trial-table';
import { sweepRecoveryQuery } from './recovery';
import type { PruningRule } from '../lib/search/pruners/pruning-rule';
import { explainedFailure } from './explain-failure';

export { sweepProgressQuery, sweepLeaderboardQuery, sweepControlUpdate, sweepControlSignal, trialStartedSignal };

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
  /** Internal: state carried across continue-as-new, or (with `recovered`) the state a failed sweep died in. */
  carry?: SweepCarry & { pruning?: Record<string, PruningRule | undefined> };
  /**
   * Set by a recovered pipeline (`cli recover`): `carry` may hold trials that were running when the
   * sweep died; they are relaunched first, under their own ids and params, so their training
   * resumes from the last checkpoint in S3. Finished trials are kept as they are (never rerun).
   */
  recovered?: boolean;
}

export type { HpoSweepResult, SweepCarry } from './sweep-types';

export { bestTrial } from './sweep-state';

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
  try {
    return await runSweep(input);
  } catch (err) {
    throw explainedFailure(err);
  }
}

async function runSweep(input: HpoSweepInput): Promise<HpoSweepResult> {
  checkOwnWorkflowId();
  const config = validateConfigInWorkflow(input.config, 'hpoSweep input.config');
  const carry = input.carry;
  const runPrefix = carry?.runPrefix ?? input.runPrefix ?? runPrefixFor(workflowInfo().workflowId);
  const startedAtMs = carry?.startedAtMs ?? Date.now();
  const generation = carry?.generation ?? 0;
  const maxHistoryEvents = input.maxHistoryEvents ?? 5_000;
  const fixedBytes = JSON.stringify({
    config: input.config,
    data: carry?.data ?? input.data,
    audit: carry?.audit ?? [],
  }).length;
  const sweep = new SweepState(
    config,
    { trials: carry?.trials, audit: carry?.audit, control: carry?.control, fixedBytes },
    input.maxStateBytes ?? MAX_SWEEP_STATE_BYTES,
  );
  const endReason = () => sweep.endReason(Date.now(), startedAtMs);
  const at = () => new Date().toISOString();

  // Pruning rules of running trials, for the recovery query (a relaunch prunes by the rule frozen at launch).
  const pruningOf: Record<string, PruningRule | undefined> = { ...(input.recovered ? carry?.pruning : {}) };
  setHandler(sweepProgressQuery, () => sweep.progress(Date.now(), startedAtMs, generation));
  setHandler(sweepRecoveryQuery, () => ({
    trials: sweep.trials,
    audit: sweep.audit,
    control: sweep.control,
    startedAtMs,
    generation,
    data: data!,
    runPrefix,
    pruning: Object.fromEntries(sweep.trials.filter(isUnsettled).map((t) => [t.trialId, pruningOf[t.trialId]])),
  }));
  setHandler(sweepLeaderboardQuery, (n = 10) => sweep.leaderboard(n));
  setHandler(
    sweepControlUpdate,
    (command) => {
      sweep.apply('update', command, command, at());
      return sweep.progress(Date.now(), startedAtMs, generation);
    },
    { validator: (command) => void parseSweepCommand(command) },
  );
  setHandler(sweepControlSignal, (raw) => {
    try {
      sweep.apply('signal', raw, parseSweepCommand(raw), at());
    } catch (err) {
      sweep.reject('signal', raw, (err as Error).message, at());
    }
  });
  // Sent by the training activity when a worker starts it; changes no command, only what progress says.
  setHandler(trialStartedSignal, ({ trialId }) => void sweep.markStarted(trialId));
  /** One cancellation scope per unsettled trial, for `budget.onDeadline: cancel`. */
  const trialScopes = new Map<string, CancellationScope>();

  // Started alone (the pipeline checked already and passes data): pre-flight before curating.
  if (!carry && !input.data) {
    await checkTrainingBackendFirst(config, input.trainingTaskQueue);
    await checkBaseModelFirst(config);
  }
  // `let`: the recovery query may run before curation of a sweep started alone has finished.
  let data: TrialData | undefined = carry?.data ?? input.data;
  data ??= await curate(runPrefix, config);
  const suggest = samplerActivities();
  if (input.recovered) for (const trial of sweep.trials.filter(isUnsettled)) relaunch(trial);
  const historyTooLong = () => workflowInfo().historyLength > maxHistoryEvents || workflowInfo().continueAsNewSuggested;
  const canLaunch = () => sweep.canLaunch(Date.now(), startedAtMs);

  for (;;) {
    const wallLeftMs =
      config.search.budget.maxWallSeconds !== undefined
        ? startedAtMs + config.search.budget.maxWallSeconds * 1000 - Date.now()
        : undefined;
    const woke = () => canLaunch() || (!!endReason() && sweep.running === 0) || (historyTooLong() && !sweep.draining);
    if (wallLeftMs !== undefined && wallLeftMs > 0) await condition(woke, wallLeftMs);
    else await condition(woke);
    cancelAtDeadline();
    if (historyTooLong() && !sweep.draining && !endReason()) {
      sweep.draining = true;
      await drained();
      await condition(allHandlersFinished);
      if (!endReason()) {
        const next: SweepCarry = {
          trials: sweep.trials,
          audit: sweep.audit,
          control: sweep.control,
          startedAtMs,
          generation: generation + 1,
          data: data!,
          runPrefix,
        };
        // `recovered` ends with the generation that relaunched the trials (undefined keys are not serialized).
        await continueAsNew<typeof hpoSweep>({ ...input, data: undefined, carry: next, recovered: undefined });
      }
      sweep.draining = false;
    }
    if (canLaunch()) {
      const suggestions = await suggest.suggestTrials({
        config,
        history: sweep.observations(),
        count: sweep.slotsFree(),
      });
      // Commands may have arrived while the sampler ran: launch only what is still allowed.
      for (const suggestion of suggestions.slice(0, Math.max(0, sweep.control.maxTrials - sweep.trials.length)))
        launch(suggestion);
      continue;
    }
    if (endReason() && sweep.running === 0) break;
  }
  const { warmStart } = config.search;
  return {
    trials: sweep.trials,
    best: sweep.best(),
    endReason: endReason() ?? 'done',
    generations: generation + 1,
    audit: sweep.audit,
    ...(warmStart ? { warmStart: { source: warmStart.source, trials: warmStart.trials.length } } : {}),
  };

  /** Cancels the open trials once the deadline passed, only with onDeadline "cancel" (no command otherwise). */
  function cancelAtDeadline(): void {
    for (const trial of sweep.trialsToCancel(Date.now(), startedAtMs)) trialScopes.get(trial.trialId)?.cancel();
  }

  /**
   * Waits until no trial is open (before continue-as-new). With onDeadline "cancel" the deadline may fall
   * meanwhile: it wakes then and cancels them. Only that mode sets the extra timer, so the commands of every
   * other config (and every recorded history) are unchanged.
   */
  async function drained(): Promise<void> {
    const { maxWallSeconds, onDeadline } = config.search.budget;
    if (onDeadline === 'cancel' && maxWallSeconds !== undefined) {
      const leftMs = startedAtMs + maxWallSeconds * 1000 - Date.now();
      if (leftMs > 0) await condition(() => sweep.running === 0, leftMs);
      cancelAtDeadline();
    }
    await condition(() => sweep.running === 0);
  }

  function launch(suggestion: TrialSuggestion): void {
    const { trial, launchedBytes } = sweep.launch(suggestion.params);
    start(trial, suggestion, launchedBytes);
  }

  /** A trial that was running when the recovered sweep died: same id, params and pruning rule. */
  function relaunch(trial: TrialRecord): void {
    start(trial, { params: trial.params, pruning: pruningOf[trial.trialId] }, recordBytes(trial));
  }

  function start(trial: TrialRecord, suggestion: TrialSuggestion, launchedBytes: number): void {
    pruningOf[trial.trialId] = suggestion.pruning;
    // A scope of its own, so the deadline can cancel this trial alone (cancelling the sweep still reaches it).
    const scope = new CancellationScope();
    trialScopes.set(trial.trialId, scope);
    const ctx: TrialContext = {
      config,
      data: data!,
      runPrefix,
      trainingTaskQueue: input.trainingTaskQueue,
      cancelReason: () => sweep.cancelReason(trial.trialId),
    };
    void scope
      .run(() => runTrial(trial, suggestion, ctx))
      .then(() => {
        delete pruningOf[trial.trialId];
        trialScopes.delete(trial.trialId);
        // Only on improvement: one small command, not one per trial.
        if (sweep.settled(trial, launchedBytes)) recordRunAttributes({ bestScore: trial.score });
      });
  }
}

async function curate(runPrefix: string, config: ExperimentConfig): Promise<TrialData> {
  const control = controlActivities();
  const curation = await control.curateDataset({ runPrefix, config });
  const augmented = await control.augmentTrainSet({ runPrefix, train: curation.train, config });
  return {
    train: augmented.train,
    val: curation.val,
    labels: curation.labels,
    ...(curation.classWeights ? { classWeights: curation.classWeights } : {}),
  };
}

/** What every trial of a sweep shares. */
interface TrialContext {
  config: ExperimentConfig;
  data: TrialData;
  runPrefix: string;
  trainingTaskQueue?: string;
  /** Why the sweep cancelled this trial, if it did (then a cancellation is recorded as `cancelled`). */
  cancelReason: () => string | undefined;
}

/**
 * Runs one trial child and writes its outcome into `trial` (never throws). The child's training
 * activity reports to this sweep when a worker starts it (`trialStarted`).
 */
async function runTrial(trial: TrialRecord, suggestion: TrialSuggestion, ctx: TrialContext): Promise<void> {
  const { config, data, runPrefix, trainingTaskQueue } = ctx;
  const sweepId = workflowInfo().workflowId;
  try {
    const result = await executeChild(trainTrial, {
      workflowId: `${sweepId}-${trial.trialId}`,
      args: [
        {
          ...trialInput({ config, trial, data, runPrefix, trainingTaskQueue, pruning: suggestion.pruning }),
          reportStartTo: { workflowId: sweepId, trialId: trial.trialId },
        },
      ],
    });
    trial.status = result.pruned ? 'pruned' : 'completed';
    trial.score = result.score;
    trial.intermediate = objectiveCurve(result.history, config.search.objective).map((v) => Number(v.toFixed(6)));
    trial.model = result.model;
    trial.valPredictions = result.valPredictions;
    trial.resumedFromEpoch = result.resumedFromEpoch;
    trial.seconds = Number(result.history.reduce((sum, h) => sum + h.seconds, 0).toFixed(2));
    if (result.foldScores) trial.foldScores = result.foldScores.map((v) => Number(v.toFixed(6)));
  } catch (err) {
    const cancelled = isCancellation(err) ? ctx.cancelReason() : undefined;
    trial.status = cancelled ? 'cancelled' : 'failed';
    trial.error = shortError(cancelled ?? describeFailure(err));
  }
}

/** The innermost failure message (child -> activity -> application failure). */
function describeFailure(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
