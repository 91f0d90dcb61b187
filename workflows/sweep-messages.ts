import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TrialRecord } from '../activities/contracts';
import type { AuditEntry, SweepCommand, SweepControlState } from './sweep-control';

/** A leaderboard row as queries return it (no artifact refs). */
export type TrialRow = Omit<TrialRecord, 'model' | 'valPredictions'>;

export interface SweepProgress {
  state: 'running' | 'paused' | 'draining' | 'stopping' | 'done';
  generation: number;
  control: SweepControlState;
  started: number;
  /** Launched trials no worker has started yet (their training activity is still queued). Absent from older sweeps. */
  scheduled?: number;
  /** Trials a worker is training. */
  running: number;
  completed: number;
  failed: number;
  pruned: number;
  /** Trials cancelled at the deadline (`budget.onDeadline: cancel`). Absent from older sweeps. */
  cancelled?: number;
  best?: { trialId: string; score: number; params: TrialRecord['params'] };
  endReason?: string;
  trials: TrialRow[];
  audit: AuditEntry[];
}

// Message names are durable API: never rename them while sweeps run.
/** Full progress: state, counts, best so far, every trial, audit list. */
export const sweepProgressQuery = defineQuery<SweepProgress>('sweepProgress');
/** The N best completed trials (default 10), best first. */
export const sweepLeaderboardQuery = defineQuery<TrialRow[], [number?]>('sweepLeaderboard');
/** Pause / resume / stop / set-budget, validated: a malformed command is rejected with the reason. */
export const sweepControlUpdate = defineUpdate<SweepProgress, [SweepCommand]>('sweepControl');
/** Same commands as a signal (e.g. from the Web UI); a malformed one is recorded as rejected in the audit list. */
export const sweepControlSignal = defineSignal<[unknown]>('sweepControl');

/** What a training activity sends its sweep when a worker starts it (see activities/trial-started.ts). */
export interface TrialStartedInput {
  trialId: string;
}
/** A worker started a trial's training: the sweep shows it as running instead of scheduled. */
export const trialStartedSignal = defineSignal<[TrialStartedInput]>('trialStarted');
