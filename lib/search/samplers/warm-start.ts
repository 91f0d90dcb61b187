import type { WarmStartConfig } from './sampler-options';
import type { Params, SearchSpace } from '../space/search-space-schema';
import { ConfigError } from '../../core/errors';
import { paramNames, type Sampler, type TrialObservation } from '../types';
import { applyConditions } from '../space/conditions';
import { fitsSpace } from '../space/unit-space';

/**
 * Warm start: trials of earlier sweeps fed to a sampler as history.
 *
 * Convention: the W warm trials become `completed` observations with negative
 * indices -W .. -1 (in the order given), placed before the sweep's own history,
 * so they can never collide with a real trial number (0-based) and are easy to
 * tell apart in any record. They count towards a model-based sampler's startup
 * phase (that is the point: the model starts informed) and towards history-position
 * based samplers' offsets (Halton, random), which stay deterministic.
 */

/** What a sweep records about where its warm-start trials came from. */
export interface WarmStartProvenance {
  source: string;
  trials: number;
  /** Highest warm-start value, or undefined when none is finite. */
  bestValue?: number;
}

/**
 * The warm trials as history observations (indices -W .. -1).
 * @throws ConfigError naming `search.warmStart.trials[i]` when a trial does not fit the space
 *   or its value is not finite (the config schema checks this too; this guards the library API).
 */
export function warmStartHistory(space: SearchSpace, warmStart: WarmStartConfig): TrialObservation[] {
  const w = warmStart.trials.length;
  return warmStart.trials.map((trial, i) => {
    if (!fitsSpace(space, trial.params) || Object.keys(trial.params).some((k) => !(k in space))) {
      throw new ConfigError(
        `search.warmStart.trials[${i}]: params ${JSON.stringify(trial.params)} do not fit the search space (${paramNames(space).join(', ')}); fix or drop the trial`,
      );
    }
    if (!Number.isFinite(trial.value))
      throw new ConfigError(`search.warmStart.trials[${i}]: value must be a finite number, got ${trial.value}`);
    const params: Params = applyConditions(space, trial.params);
    return { index: i - w, params, state: 'completed', value: trial.value };
  });
}

/** Provenance record for a warm start (source, trial count, best value). */
export function warmStartProvenance(warmStart: WarmStartConfig): WarmStartProvenance {
  const finite = warmStart.trials.map((t) => t.value).filter(Number.isFinite);
  return {
    source: warmStart.source,
    trials: warmStart.trials.length,
    ...(finite.length > 0 ? { bestValue: Math.max(...finite) } : {}),
  };
}

/**
 * Wraps a sampler so every `suggest` sees the warm trials before the sweep's
 * history. Same `kind` as the inner sampler; stateless like it.
 */
export class WarmStartSampler implements Sampler {
  readonly kind: string;
  readonly provenance: WarmStartProvenance;
  private readonly warm: TrialObservation[];

  /** @throws ConfigError like {@link warmStartHistory}. */
  constructor(
    private readonly inner: Sampler,
    space: SearchSpace,
    warmStart: WarmStartConfig,
  ) {
    this.kind = inner.kind;
    this.warm = warmStartHistory(space, warmStart);
    this.provenance = warmStartProvenance(warmStart);
  }

  suggest(history: readonly TrialObservation[], n: number, seed: number): Params[] {
    return this.inner.suggest([...this.warm.map((t) => ({ ...t, params: { ...t.params } })), ...history], n, seed);
  }
}

/** A finished trial as sweeps report it (the fields a warm start needs). */
export interface FinishedTrial {
  status: string;
  params: Params;
  score?: number;
}

/**
 * A `search.warmStart` section from an earlier sweep's trials: its completed
 * trials with finite scores, best first, at most `top` of them (and at most
 * the schema's 10,000). `source` records where they came from (the sweep id).
 * @throws ConfigError when no trial qualifies (a warm start needs at least one).
 */
export function warmStartFromTrials(source: string, trials: readonly FinishedTrial[], top = 10_000): WarmStartConfig {
  const usable = trials
    .filter((t) => t.status === 'completed' && typeof t.score === 'number' && Number.isFinite(t.score))
    .sort((a, b) => b.score! - a.score!)
    .slice(0, Math.min(top, 10_000));
  if (usable.length === 0)
    throw new ConfigError(`${source} has no completed trial with a finite score to warm-start from`);
  return { source, trials: usable.map((t) => ({ params: t.params, value: t.score! })) };
}
