import { completedTrials, type PruneDecision, type Pruner, type TrialObservation } from '../types';
import { finiteAtStep, type PruningRule } from './pruning-rule';

/** Options of {@link MedianPruner}; defaults follow Optuna's MedianPruner. */
export interface MedianPrunerOptions {
  /** Completed trials (with finite values) needed before anything is pruned. Default 5. */
  nStartupTrials?: number;
  /** Steps 0 .. nWarmupSteps - 1 of a trial are never pruned. Default 1. */
  nWarmupSteps?: number;
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The median stopping rule (Golovin et al. 2017, Google Vizier), higher is better.
 *
 * At step s = trial.intermediate.length - 1, the trial is pruned when its
 * best-so-far intermediate value is below the median of the completed trials'
 * intermediate values at step s. It continues while fewer than `nStartupTrials`
 * trials have completed, during the first `nWarmupSteps` steps, before it has
 * reported anything, and when no completed trial reported step s.
 *
 * A trial whose latest intermediate value is NaN or ±inf is pruned once past
 * warm-up (a diverged run only wastes the GPU). Stateless: the decision depends
 * only on (options, history, trial); `trial` itself is excluded from history.
 */
export class MedianPruner implements Pruner {
  readonly kind = 'median';
  private readonly nStartupTrials: number;
  private readonly nWarmupSteps: number;

  constructor(options: MedianPrunerOptions = {}) {
    this.nStartupTrials = options.nStartupTrials ?? 5;
    this.nWarmupSteps = options.nWarmupSteps ?? 1;
  }

  decide(history: readonly TrialObservation[], trial: TrialObservation): PruneDecision {
    const curve = trial.intermediate ?? [];
    const step = curve.length - 1;
    if (step < 0 || step < this.nWarmupSteps) return 'continue';
    if (!Number.isFinite(curve[step])) return 'prune';
    const completed = completedTrials(history).filter((t) => t.index !== trial.index);
    if (completed.length < this.nStartupTrials) return 'continue';
    const atStep = finiteAtStep(completed, step);
    if (atStep.length === 0) return 'continue';
    const bestSoFar = Math.max(...curve.filter((v) => Number.isFinite(v)));
    return bestSoFar < median(atStep) ? 'prune' : 'continue';
  }

  /** Thresholds: the median of the completed trials at each step past warm-up; compares the best value so far. */
  rule(history: readonly TrialObservation[], epochs: number): PruningRule | undefined {
    const completed = completedTrials(history);
    if (completed.length < this.nStartupTrials) return undefined;
    const thresholds: (number | null)[] = new Array(epochs).fill(null);
    for (let s = this.nWarmupSteps; s < epochs; s++) {
      const atStep = finiteAtStep(completed, s);
      if (atStep.length > 0) thresholds[s] = median(atStep);
    }
    return { compare: 'best-so-far', thresholds };
  }
}
