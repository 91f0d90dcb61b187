import type { SweepProgress } from '../workflows/sweep-messages';

/**
 * Trials of a sweep that have an outcome: completed, failed, pruned or cancelled
 * (`scheduled` and `running` ones are still open). Older sweeps report no `cancelled`.
 */
export function settledTrials(p: SweepProgress): number {
  return p.completed + p.failed + p.pruned + (p.cancelled ?? 0);
}

/**
 * The open and closed trial counts every progress view prints, scheduled (no worker
 * started it yet) apart from running: "1 scheduled, 1 running, 0 pruned, 0 failed",
 * plus ", 2 cancelled" once the deadline cancelled some. An older sweep, which does
 * not tell scheduled from running, reports all of them as running.
 */
export function trialCounts(p: SweepProgress): string {
  const cancelled = p.cancelled ? `, ${p.cancelled} cancelled` : '';
  return `${p.scheduled ?? 0} scheduled, ${p.running} running, ${p.pruned} pruned, ${p.failed} failed${cancelled}`;
}
