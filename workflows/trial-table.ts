import type { TrialRecord } from '../activities/contracts';
import { selectTopK } from '../lib/ensemble/average-top-k';

/**
 * The sweep's trial table travels whole in payloads: the continue-as-new input,
 * the sweep's result and the report's input. Temporal rejects a payload over
 * 2 MB (the server's default blob limit), which would leave a sweep unable to
 * continue as new; these helpers keep the table small and measured.
 */

/**
 * Default ceiling of a sweep's carried state (config, data refs, audit list and
 * trial table, as JSON bytes) before the sweep ends on its own, with room under
 * the 2 MB limit for the payload's envelope. A trial record is ~450 bytes once
 * its artifact refs are dropped (~870 with them), so a plain config leaves room
 * for about 3,000 trials.
 */
export const MAX_SWEEP_STATE_BYTES = 1_500_000;

/** Longest failure message kept in a trial record (the full one is in the trial's own workflow history). */
export const MAX_TRIAL_ERROR_CHARS = 500;

/** Bytes a record adds to the table's JSON. */
export function recordBytes(trial: TrialRecord): number {
  return JSON.stringify(trial).length + 1;
}

/** `message` cut to {@link MAX_TRIAL_ERROR_CHARS}. */
export function shortError(message: string): string {
  return message.length <= MAX_TRIAL_ERROR_CHARS ? message : `${message.slice(0, MAX_TRIAL_ERROR_CHARS - 1)}…`;
}

/**
 * Drops the model and validation-prediction refs of completed trials that
 * can no longer be ensemble candidates: the pipeline picks the `k` best by
 * {@link selectTopK} (score, then trial id), and a finished trial's score never
 * changes, so a trial outside the top k now never re-enters it. The objects stay
 * in S3 under `<runPrefix>/trials/<trialId>/`. Mutates the records; returns the
 * bytes freed.
 */
export function dropRefsOutsideTopK(trials: readonly TrialRecord[], k: number): number {
  const withRefs = trials.filter((t) => t.status === 'completed' && (t.model || t.valPredictions));
  if (withRefs.length <= k) return 0;
  const keep = new Set(
    selectTopK(
      withRefs.map((t) => ({ id: t.trialId, score: t.score ?? -Infinity })),
      k,
    ).map((c) => c.id),
  );
  let freed = 0;
  for (const t of withRefs) {
    if (keep.has(t.trialId)) continue;
    const before = recordBytes(t);
    delete t.model;
    delete t.valPredictions;
    freed += before - recordBytes(t);
  }
  return freed;
}
