import { msToNumber, type RetryPolicy } from '@temporalio/common';

/** Temporal's defaults for fields a policy leaves out. */
const DEFAULT_INITIAL_MS = 1000;
const DEFAULT_COEFFICIENT = 2;

/**
 * The wait before each retry of `policy`, in ms: retry k (k = 1 .. maximumAttempts-1)
 * waits min(initialInterval x backoffCoefficient^(k-1), maximumInterval), as
 * Temporal schedules it (maximumInterval defaults to 100 x initialInterval).
 * Pure and deterministic.
 *
 * @throws RangeError for unlimited attempts (maximumAttempts unset or 0): the
 *   window is then bounded only by a scheduleToCloseTimeout, not by the policy.
 */
export function retryIntervalsMs(policy: RetryPolicy): number[] {
  const attempts = policy.maximumAttempts ?? 0;
  if (attempts <= 0)
    throw new RangeError(
      'retry policy has unlimited attempts: bound it with maximumAttempts or a scheduleToCloseTimeout',
    );
  const initial = policy.initialInterval === undefined ? DEFAULT_INITIAL_MS : msToNumber(policy.initialInterval);
  const max = policy.maximumInterval === undefined ? 100 * initial : msToNumber(policy.maximumInterval);
  const coefficient = policy.backoffCoefficient ?? DEFAULT_COEFFICIENT;
  return Array.from({ length: attempts - 1 }, (_, k) => Math.min(initial * coefficient ** k, max));
}

/**
 * The policy's total retry window in ms: the sum of its backoff intervals over
 * maximumAttempts-1 retries. An outage of a dependency (S3) shorter than this
 * is survived even if every attempt during it fails at once; attempt run time
 * only lengthens the real window.
 */
export function retryWindowMs(policy: RetryPolicy): number {
  return retryIntervalsMs(policy).reduce((a, b) => a + b, 0);
}

/**
 * How many attempts an outage of `outageMs` uses up, assuming each attempt
 * fails the moment it starts: the attempts that start before the outage ends
 * (attempt 1 at 0, attempt k+1 after the first k intervals).
 */
export function attemptsUsedByOutage(policy: RetryPolicy, outageMs: number): number {
  let startsAt = 0;
  let used = 0;
  for (const interval of [...retryIntervalsMs(policy), Infinity]) {
    if (startsAt >= outageMs) break;
    used++;
    startsAt += interval;
  }
  return used;
}

/**
 * The retry window left after an outage of `outageMs`: the intervals after the
 * attempts it used (what a second outage later in the same attempt series can take).
 */
export function retryWindowLeftAfterOutageMs(policy: RetryPolicy, outageMs: number): number {
  return retryIntervalsMs(policy)
    .slice(attemptsUsedByOutage(policy, outageMs))
    .reduce((a, b) => a + b, 0);
}
