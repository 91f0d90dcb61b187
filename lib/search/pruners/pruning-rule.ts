/**
 * A pruner's decision frozen into per-epoch thresholds, so a trial can apply
 * it alone between training chunks without carrying the sweep's history.
 * The sweep computes the rule from its history when it launches a trial
 * ({@link Pruner.rule}; pruner-registry.ts builds the pruner a config names).
 * Free of imports, so the trial workflow can apply it.
 *
 * After epoch `s + 1` (0-based step `s`), the trial continues iff
 * `thresholds[s]` is null or its score is >= the threshold, where the score is
 * its best value so far (`compare: 'best-so-far'`, the median rule) or its value
 * at that step (`compare: 'current'`, ASHA). A non-finite score at a step with a
 * threshold prunes. For the same history this agrees with
 * each pruner's `decide` (tested).
 */
export interface PruningRule {
  compare: 'best-so-far' | 'current';
  thresholds: (number | null)[];
}

/** The finite values the trials reported at 0-based `step` (for computing thresholds). */
export function finiteAtStep(trials: readonly { intermediate?: number[] }[], step: number): number[] {
  return trials
    .map((t) => t.intermediate?.[step])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** Applies a rule to a trial's per-epoch scores so far; true means stop the trial now. */
export function shouldPrune(rule: PruningRule | undefined, scores: readonly number[]): boolean {
  if (!rule || scores.length === 0) return false;
  const step = scores.length - 1;
  const threshold = rule.thresholds[step];
  if (threshold === null || threshold === undefined) return false;
  const current = scores[step];
  if (!Number.isFinite(current)) return true;
  const score = rule.compare === 'current' ? current : Math.max(...scores.filter((v) => Number.isFinite(v)));
  return score < threshold;
}
