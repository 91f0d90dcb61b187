import { effectiveState, type PruneDecision, type Pruner, type TrialObservation } from '../types';
import { finiteAtStep, type PruningRule } from './pruning-rule';

/** Options of {@link AshaPruner}. */
export interface AshaPrunerOptions {
  /** Resource (steps = intermediate values) of the first rung, an integer >= 1. Default 1. */
  minResource?: number;
  /** Reduction factor (integer >= 2): rung k sits at minResource * reductionFactor^k and promotes the top 1/reductionFactor. Default 3. */
  reductionFactor?: number;
}

/** Rung resources minResource * reductionFactor^k that are <= `steps`, ascending. */
export function rungResources(steps: number, minResource: number, reductionFactor: number): number[] {
  const rungs: number[] = [];
  for (let r = minResource; r <= steps; r *= reductionFactor) rungs.push(r);
  return rungs;
}

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020), higher is better.
 *
 * Rungs sit at resources minResource * reductionFactor^k, where a trial's resource is the
 * number of intermediate values it has reported, and its value at rung r is
 * `intermediate[r - 1]`. The trial is judged at the highest rung it has reached:
 * among every non-failed trial in history that reached that rung (itself
 * included), it continues only if it ranks in the top max(1, floor(count / reductionFactor))
 * (ties continue). Below the first rung, it continues. A non-finite value at the
 * rung prunes it.
 *
 * Stateless approximation: real ASHA promotes a trial once, when it reaches a
 * rung; here the rung is re-judged against the population at call time, so a
 * trial called again before its next rung may be pruned by later arrivals.
 * Call `decide` right after a rung's step to get the textbook behaviour.
 * @throws RangeError for a non-integer or too small minResource / reductionFactor.
 */
export class AshaPruner implements Pruner {
  readonly kind = 'asha';
  private readonly minResource: number;
  private readonly reductionFactor: number;

  constructor(options: AshaPrunerOptions = {}) {
    this.minResource = options.minResource ?? 1;
    this.reductionFactor = options.reductionFactor ?? 3;
    if (
      !Number.isInteger(this.minResource) ||
      this.minResource < 1 ||
      !Number.isInteger(this.reductionFactor) ||
      this.reductionFactor < 2
    ) {
      throw new RangeError(
        `ASHA needs integers minResource >= 1 and reductionFactor >= 2 (got ${this.minResource}, ${this.reductionFactor})`,
      );
    }
  }

  decide(history: readonly TrialObservation[], trial: TrialObservation): PruneDecision {
    const curve = trial.intermediate ?? [];
    const rungs = rungResources(curve.length, this.minResource, this.reductionFactor);
    if (rungs.length === 0) return 'continue';
    const rung = rungs[rungs.length - 1];
    const own = curve[rung - 1];
    if (!Number.isFinite(own)) return 'prune';
    const others = finiteAtStep(
      history.filter((t) => t.index !== trial.index && effectiveState(t) !== 'failed'),
      rung - 1,
    );
    const values = [...others, own].sort((a, b) => b - a);
    const nTop = Math.max(1, Math.floor(values.length / this.reductionFactor));
    return own >= values[nTop - 1] ? 'continue' : 'prune';
  }

  /** Thresholds at the rungs: the value a trial must reach to rank in the top 1/reductionFactor, itself counted; compares the current value. */
  rule(history: readonly TrialObservation[], epochs: number): PruningRule {
    const thresholds: (number | null)[] = new Array(epochs).fill(null);
    const peers = history.filter((t) => effectiveState(t) !== 'failed');
    for (const rung of rungResources(epochs, this.minResource, this.reductionFactor)) {
      const values = finiteAtStep(peers, rung - 1).sort((a, b) => b - a);
      const nTop = Math.max(1, Math.floor((values.length + 1) / this.reductionFactor));
      // With itself counted, the trial stays iff it ranks in the top nTop: at least the nTop-th best peer.
      if (values.length >= nTop) thresholds[rung - 1] = values[nTop - 1];
    }
    return { compare: 'current', thresholds };
  }
}
