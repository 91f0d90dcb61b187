import type { TrialRecord } from '../activities/contracts';
import type { ExperimentConfig } from '../configs/experiment-schema';
import type { TrialObservation } from '../lib/search/types';
import { applySweepCommand, type AuditEntry, type SweepCommand, type SweepControlState } from './sweep-control';
import type { SweepProgress, TrialRow } from './sweep-messages';
import { dropRefsOutsideTopK, MAX_SWEEP_STATE_BYTES, recordBytes } from './trial-table';
import { plural } from '../lib/core/plural';

/**
 * The state of one sweep generation, apart from the orchestration that moves
 * it: the trial table, the audit list, the live control settings, the running
 * count and the carried state's size. Pure and deterministic (the clock is
 * passed in), so every rule here (why a sweep ends, what progress says, when a
 * trial may launch) is unit-tested without a server, and the workflow only
 * awaits, launches and continues as new.
 */
export class SweepState {
  readonly trials: TrialRecord[];
  readonly audit: AuditEntry[];
  control: SweepControlState;
  /**
   * Trials launched and not yet settled, `scheduled` and `running` ones together (a generation always
   * starts with 0: it ends drained). The progress query reports the two apart.
   */
  running = 0;
  /** True while a generation waits for its running trials before continuing as new. */
  draining = false;
  /** JSON bytes of what continue-as-new would carry (config, data refs, audit, trial table). */
  private stateBytes: number;
  /** Trials the sweep asked to cancel at its deadline (`budget.onDeadline: cancel`), by id. */
  private readonly cancelRequested = new Set<string>();

  constructor(
    private readonly config: ExperimentConfig,
    init: { trials?: TrialRecord[]; audit?: AuditEntry[]; control?: SweepControlState; fixedBytes: number },
    private readonly maxStateBytes = MAX_SWEEP_STATE_BYTES,
  ) {
    this.trials = init.trials ?? [];
    this.audit = init.audit ?? [];
    this.control = init.control ?? {
      paused: false,
      stopRequested: false,
      maxTrials: config.search.maxTrials,
      parallelism: config.search.parallelism,
      maxFailedTrials: config.search.budget.maxFailedTrials,
    };
    this.running = this.trials.filter(isUnsettled).length;
    this.stateBytes = init.fixedBytes + this.trials.reduce((n, t) => n + recordBytes(t), 0);
  }

  /** Bytes the carried state has reached (see {@link MAX_SWEEP_STATE_BYTES}). */
  get carriedBytes(): number {
    return this.stateBytes;
  }

  count(status: TrialRecord['status']): number {
    return this.trials.filter((t) => t.status === status).length;
  }

  /** Best completed trial by score (ties: lower index). */
  best(): TrialRecord | undefined {
    return bestTrial(this.trials);
  }

  /** Why the sweep stops launching at `nowMs` (started at `startedAtMs`), or undefined while it goes on. */
  endReason(nowMs: number, startedAtMs: number): string | undefined {
    const { maxWallSeconds, targetValue } = this.config.search.budget;
    const best = this.best();
    const { control } = this;
    if (control.stopRequested) return control.stopReason ?? 'stopped by user';
    if (targetValue !== undefined && best && best.score! >= targetValue)
      return `target value ${targetValue} reached by ${best.trialId}`;
    const failed = this.count('failed');
    if (control.maxFailedTrials !== undefined && failed >= control.maxFailedTrials)
      return `${plural(failed, 'trial')} failed (maxFailedTrials ${control.maxFailedTrials})`;
    if (this.stateBytes >= this.maxStateBytes) {
      return `the sweep's state reached ${this.stateBytes} bytes (${plural(this.trials.length, 'trial')}), near Temporal's 2 MB payload limit; continue in a new sweep that warm-starts from this one's best trials (search.warmStart)`;
    }
    if (maxWallSeconds !== undefined && nowMs - startedAtMs >= maxWallSeconds * 1000)
      return `wall-time budget of ${maxWallSeconds} s spent`;
    if (this.trials.length >= control.maxTrials)
      return control.maxTrials === 1 ? 'the 1 trial started' : `all ${control.maxTrials} trials started`;
    return undefined;
  }

  /** Whether another trial may launch now: not ending, not paused or draining, a free slot. */
  canLaunch(nowMs: number, startedAtMs: number): boolean {
    return (
      !this.endReason(nowMs, startedAtMs) &&
      !this.control.paused &&
      !this.draining &&
      this.running < this.control.parallelism
    );
  }

  /** How many trials to ask the sampler for now. */
  slotsFree(): number {
    return Math.min(this.control.parallelism - this.running, this.control.maxTrials - this.trials.length);
  }

  /** What the sweepProgress query answers. */
  progress(nowMs: number, startedAtMs: number, generation: number): SweepProgress {
    const best = this.best();
    const reason = this.endReason(nowMs, startedAtMs);
    const state =
      reason && this.running === 0
        ? 'done'
        : reason
          ? 'stopping'
          : this.draining
            ? 'draining'
            : this.control.paused
              ? 'paused'
              : 'running';
    return {
      state,
      generation,
      control: this.control,
      started: this.trials.length,
      scheduled: this.count('scheduled'),
      running: this.count('running'),
      completed: this.count('completed'),
      failed: this.count('failed'),
      pruned: this.count('pruned'),
      cancelled: this.count('cancelled'),
      best: best && { trialId: best.trialId, score: best.score!, params: best.params },
      endReason: reason,
      trials: this.trials.map(toRow),
      audit: this.audit,
    };
  }

  /** The `n` best completed trials, best first (ties: lower index). */
  leaderboard(n = 10): TrialRow[] {
    return this.trials
      .filter((t) => t.status === 'completed')
      .sort((a, b) => b.score! - a.score! || a.index - b.index)
      .slice(0, n)
      .map(toRow);
  }

  /** Applies a command and records it in the audit list; throws (recording nothing) when it is not allowed now. */
  apply(via: AuditEntry['via'], raw: unknown, command: SweepCommand, at: string): void {
    const applied = applySweepCommand(this.control, command, this.trials.length);
    this.control = applied.state;
    this.record({ at, via, command: raw, outcome: 'applied', message: applied.message });
  }

  /** Records a command that was refused. */
  reject(via: AuditEntry['via'], raw: unknown, message: string, at: string): void {
    this.record({ at, via, command: raw, outcome: 'rejected', message });
  }

  /** The sampler's view of the trial table. */
  observations(): TrialObservation[] {
    return this.trials.map(observation);
  }

  /**
   * Adds a `scheduled` trial for `params` (it becomes `running` at {@link markStarted}); returns it and its
   * size, for {@link settled}.
   */
  launch(params: TrialRecord['params']): { trial: TrialRecord; launchedBytes: number } {
    const index = this.trials.length;
    const trial: TrialRecord = {
      trialId: `trial-${String(index).padStart(4, '0')}`,
      index,
      params,
      status: 'scheduled',
    };
    this.trials.push(trial);
    const launchedBytes = recordBytes(trial);
    this.stateBytes += launchedBytes;
    this.running++;
    return { trial, launchedBytes };
  }

  /**
   * After a trial's outcome was written into its record: frees a slot, and drops
   * the artifact refs of records outside the ensemble's candidates, keeping the
   * table (and every payload carrying it) small. Returns whether it is the new best.
   */
  settled(trial: TrialRecord, launchedBytes: number): boolean {
    this.stateBytes += recordBytes(trial) - launchedBytes - dropRefsOutsideTopK(this.trials, this.config.ensemble.topK);
    this.running--;
    return trial.status === 'completed' && this.best()?.trialId === trial.trialId;
  }

  /**
   * A worker started training `trialId` (its activity reported in): a `scheduled` trial becomes `running`.
   * Repeats (a retried attempt, a later chunk or fold) and unknown or settled trials change nothing.
   * Returns whether the trial changed.
   */
  markStarted(trialId: string): boolean {
    const trial = this.trials.find((t) => t.trialId === trialId);
    if (trial?.status !== 'scheduled') return false;
    trial.status = 'running';
    return true;
  }

  /**
   * The trials to cancel now: with `budget.onDeadline: cancel`, once `maxWallSeconds` is spent, every
   * scheduled or running trial not asked before (so each is cancelled once, and a trial the sampler
   * launched across the deadline is caught on the next call). Empty otherwise, and always with the
   * default `finish`. Records the request; see {@link cancelReason}.
   */
  trialsToCancel(nowMs: number, startedAtMs: number): TrialRecord[] {
    const { maxWallSeconds, onDeadline } = this.config.search.budget;
    if (onDeadline !== 'cancel' || maxWallSeconds === undefined || nowMs - startedAtMs < maxWallSeconds * 1000)
      return [];
    const due = this.trials.filter((t) => isUnsettled(t) && !this.cancelRequested.has(t.trialId));
    for (const t of due) this.cancelRequested.add(t.trialId);
    return due;
  }

  /** Why `trialId` was cancelled, when the sweep asked for it ({@link trialsToCancel}); undefined otherwise. */
  cancelReason(trialId: string): string | undefined {
    if (!this.cancelRequested.has(trialId)) return undefined;
    return `cancelled at the deadline: maxWallSeconds ${this.config.search.budget.maxWallSeconds} s spent (budget.onDeadline: cancel)`;
  }

  private record(entry: AuditEntry): void {
    this.audit.push(entry);
    this.stateBytes += JSON.stringify(entry).length + 1;
  }
}

/** Best completed trial by score (ties: lower index). */
export function bestTrial(trials: readonly TrialRecord[]): TrialRecord | undefined {
  return trials
    .filter((t) => t.status === 'completed' && t.score !== undefined && Number.isFinite(t.score))
    .reduce<TrialRecord | undefined>((best, t) => (!best || t.score! > best.score! ? t : best), undefined);
}

/** Launched and not settled yet: scheduled or running (what a recovered sweep relaunches). */
export function isUnsettled(t: Pick<TrialRecord, 'status'>): boolean {
  return t.status === 'scheduled' || t.status === 'running';
}

/**
 * The sampler's view of one record: scheduled trials are pending (`running`) like started ones; a
 * cancelled trial has no objective, so the model ignores it like a failed one.
 */
function observation(t: TrialRecord): TrialObservation {
  const state = t.status === 'scheduled' ? 'running' : t.status === 'cancelled' ? 'failed' : t.status;
  return {
    index: t.index,
    params: t.params,
    state,
    value: t.score,
    intermediate: t.intermediate,
    ...(t.seconds !== undefined ? { seconds: t.seconds } : {}),
  };
}

const toRow = ({ model: _m, valPredictions: _v, ...row }: TrialRecord): TrialRow => row;
