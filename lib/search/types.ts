import type { Constraint, Params, SearchSpace } from './space/search-space-schema';

/**
 * Shared vocabulary of the search layer: one trial as samplers and pruners see
 * it, and the two plugin interfaces. Everything here is plain JSON data, so a
 * history can cross a Temporal payload or be written to a manifest unchanged.
 */

/** Lifecycle of one trial. `running` trials are pending: sampled, not yet scored. */
export type TrialState = 'running' | 'completed' | 'failed' | 'pruned';

/** One trial of a study, as the sampler and the pruner see it. */
export interface TrialObservation {
  /** Trial number within the study (0-based, unique). */
  index: number;
  params: Params;
  /** Objective, higher is better; undefined while running. NaN / ±inf count as failed. */
  value?: number;
  state: TrialState;
  /** Per-epoch (per-step) intermediate values, higher is better; step s is `intermediate[s]`. */
  intermediate?: number[];
  /** Training wall time of a finished trial (cost-aware acquisition, choice-costs.ts); absent when unknown. */
  seconds?: number;
}

/**
 * A sampler plugin. Contract:
 * - stateless: `suggest` depends only on (its construction options, history, n, seed);
 *   a sweep resumed after a crash or continue-as-new re-derives the same suggestions;
 * - returns exactly `n` params, every value in bounds, on its step grid, integral
 *   for ints, one of the choices for categoricals; keys in sorted order; JSON-safe;
 * - conditional params appear iff active (see conditions.ts), and every constraint it was
 *   built with holds (see constraints.ts); history params may omit inactive params;
 * - `running` trials are pending points: model-based samplers avoid re-suggesting them
 *   (constant liar), so parallel workers do not all test the same point;
 * - `failed` trials, and any trial whose value is NaN or ±inf, are ignored by the model.
 */
export interface Sampler {
  /** Stable name, the `kind` discriminator of the sampler's config. */
  readonly kind: string;
  suggest(history: readonly TrialObservation[], n: number, seed: number): Params[];
}

/** A pruner plugin: stateless decision between training chunks of `trial`. */
export interface Pruner {
  readonly kind: string;
  /** `history` may include `trial` itself (matched by index); it is ignored as a competitor. */
  decide(history: readonly TrialObservation[], trial: TrialObservation): PruneDecision;
  /**
   * The same decision frozen into per-epoch thresholds for a trial that runs `epochs` epochs,
   * computed from `history` at launch (undefined: nothing can be pruned). Agrees with `decide`.
   */
  rule(history: readonly TrialObservation[], epochs: number): PruningRule | undefined;
}

import type { PruningRule } from './pruners/pruning-rule';

export type PruneDecision = 'continue' | 'prune';

/** A sampler factory, so a study can build its sampler from the space (and constraints) it owns. */
export type SamplerFactory = (space: SearchSpace, constraints: readonly Constraint[]) => Sampler;

/** True when `value` is a usable objective (a finite number). */
export function isFiniteValue(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * The effective state of a trial: a `completed` trial whose value is NaN, ±inf or
 * missing is `failed`. Samplers and pruners classify history only through this.
 */
export function effectiveState(trial: TrialObservation): TrialState {
  if (trial.state === 'completed' && !isFiniteValue(trial.value)) return 'failed';
  return trial.state;
}

/** Completed trials with a finite value, in history order. */
export function completedTrials(history: readonly TrialObservation[]): TrialObservation[] {
  return history.filter((t) => effectiveState(t) === 'completed');
}

/**
 * The best completed trial (highest finite value; ties go to the lowest index),
 * or undefined when no trial has completed with a finite value.
 */
export function bestTrial(history: readonly TrialObservation[]): TrialObservation | undefined {
  let best: TrialObservation | undefined;
  for (const t of completedTrials(history)) {
    if (
      best === undefined ||
      (t.value as number) > (best.value as number) ||
      (t.value === best.value && t.index < best.index)
    ) {
      best = t;
    }
  }
  return best;
}

/** Parameter names in the canonical (sorted) order every sampler emits keys in. */
export function paramNames(space: SearchSpace): string[] {
  return Object.keys(space).sort();
}
