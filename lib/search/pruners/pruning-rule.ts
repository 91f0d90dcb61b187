import type { PrunerConfig } from '../../../configs/search-schema';
import { rungResources } from './asha-pruner';
import { median } from './median-pruner';
import { completedTrials, effectiveState, type TrialObservation } from '../types';

/**
 * A pruner's decision frozen into per-epoch thresholds, so a trial can apply
 * it alone between training chunks without carrying the sweep's history.
 * The sweep computes the rule from its history when it launches a trial.
 *
 * After epoch `s + 1` (0-based step `s`), the trial continues iff
 * `thresholds[s]` is null or its score is >= the threshold, where the score is
 * its best value so far (`compare: 'best-so-far'`, the median rule) or its value
 * at that step (`compare: 'current'`, ASHA). A non-finite score at a step with a
 * threshold prunes. For the same history this agrees with
 * {@link MedianPruner.decide} and {@link AshaPruner.decide} (tested).
 */
export interface PruningRule {
  compare: 'best-so-far' | 'current';
  thresholds: (number | null)[];
}

function finiteAt(trials: readonly TrialObservation[], step: number): number[] {
  return trials.map((t) => t.intermediate?.[step]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** The rule for a trial that runs `epochs` epochs, or undefined when nothing can be pruned. */
export function pruningRule(config: PrunerConfig, history: readonly TrialObservation[], epochs: number): PruningRule | undefined {
  if (config.kind === 'none') return undefined;
  const thresholds: (number | null)[] = new Array(epochs).fill(null);
  if (config.kind === 'median') {
    const completed = completedTrials(history);
    if (completed.length < config.nStartupTrials) return undefined;
    for (let s = config.nWarmupSteps; s < epochs; s++) {
      const atStep = finiteAt(completed, s);
      if (atStep.length > 0) thresholds[s] = median(atStep);
    }
    return { compare: 'best-so-far', thresholds };
  }
  const peers = history.filter((t) => effectiveState(t) !== 'failed');
  for (const rung of rungResources(epochs, config.minResource, config.reductionFactor)) {
    const values = finiteAt(peers, rung - 1).sort((a, b) => b - a);
    const nTop = Math.max(1, Math.floor((values.length + 1) / config.reductionFactor));
    // With itself counted, the trial stays iff it ranks in the top nTop: at least the nTop-th best peer.
    if (values.length >= nTop) thresholds[rung - 1] = values[nTop - 1];
  }
  return { compare: 'current', thresholds };
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
