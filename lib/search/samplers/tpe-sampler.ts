import type { Constraint, Params, SearchSpace } from '../space/search-space-schema';
import { createRng } from '../../core/rng';
import { countViolations, infeasibleError, MAX_CONSTRAINT_TRIES } from '../space/constraints';
import { HaltonSampler } from './halton-sampler';
import { ParzenEstimator, type ParzenDim } from './parzen-estimator';
import { effectiveState, paramNames, type Sampler, type TrialObservation } from '../types';
import { decodeModelPoint, encodeModelPoint } from '../space/model-coordinates';
import { fitsSpace } from '../space/unit-space';

/** Options of {@link TpeSampler}; defaults follow Optuna's TPESampler. */
export interface TpeSamplerOptions {
  /** Completed trials needed before the model is used; until then, Halton points. Default 10. */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per suggestion, scored by l(x) / g(x). Default 24. */
  nEiCandidates?: number;
  /** Size of the good group for n scored points. Default min(ceil(0.1 n), 25). */
  gamma?: (n: number) => number;
  /** Weight of the prior kernel relative to one observation. Default 1. */
  priorWeight?: number;
  /** Joint (multivariate) Parzen estimators instead of independent per-dimension ones. Default false. */
  multivariate?: boolean;
  /** Count running trials (and earlier points of the same batch) as the worst observed value. Default true. */
  constantLiar?: boolean;
  /** Candidates violating one are not scored (and the startup Halton points redrawn). Default none. */
  constraints?: readonly Constraint[];
}

/** Optuna's default good-group size. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

interface Scored {
  x: number[];
  value: number;
}

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011), higher values better.
 *
 * Points are encoded per sorted param name: numeric params as `toUnit` coordinates,
 * categoricals as choice indices. Completed trials are ranked; the top
 * `gamma(n)` form l(x), the rest g(x); each suggestion draws `nEiCandidates`
 * points from l and keeps the one maximising log l - log g (ties: first drawn).
 *
 * Pending points (constant liar): running trials, pruned trials and the earlier
 * suggestions of the same call join the bad group with the worst observed value,
 * so a parallel batch spreads out instead of piling onto one optimum. Failed
 * trials, NaN/±inf values and params outside the space are ignored.
 *
 * Conditional params: omitted (inactive) values are encoded as `inactiveFill`
 * and decoded points drop inactive params (see conditions.ts). Constraints:
 * infeasible candidates are not scored; more are drawn (up to
 * MAX_CONSTRAINT_TRIES) until `nEiCandidates` feasible ones are.
 *
 * Determinism: suggestion k depends on (history, seed, history.length + k) only.
 * Until `nStartupTrials` trials have completed, suggestion k is exactly the
 * HaltonSampler's point for the same position and seed.
 */
export class TpeSampler implements Sampler {
  readonly kind = 'tpe';
  private readonly names: string[];
  private readonly dims: ParzenDim[];
  private readonly startup: HaltonSampler;
  private readonly opts: Required<Omit<TpeSamplerOptions, 'constraints'>>;
  private readonly constraints: readonly Constraint[];

  constructor(
    private readonly space: SearchSpace,
    options: TpeSamplerOptions = {},
  ) {
    this.names = paramNames(space);
    this.dims = this.names.map((name) => {
      const spec = space[name];
      return spec.type === 'categorical' ? { type: 'categorical', k: spec.choices.length } : { type: 'numeric' };
    });
    this.constraints = options.constraints ?? [];
    this.startup = new HaltonSampler(space, { constraints: this.constraints });
    this.opts = {
      nStartupTrials: options.nStartupTrials ?? 10,
      nEiCandidates: options.nEiCandidates ?? 24,
      gamma: options.gamma ?? defaultGamma,
      priorWeight: options.priorWeight ?? 1,
      multivariate: options.multivariate ?? false,
      constantLiar: options.constantLiar ?? true,
    };
  }

  suggest(history: readonly TrialObservation[], n: number, seed: number): Params[] {
    const usable = history.filter((t) => fitsSpace(this.space, t.params));
    const completed: Scored[] = usable
      .filter((t) => effectiveState(t) === 'completed')
      .map((t) => ({ x: this.encode(t.params), value: t.value as number }));
    if (completed.length < this.opts.nStartupTrials) return this.startup.suggest(history, n, seed);
    const pending = usable
      .filter((t) => ['running', 'pruned'].includes(effectiveState(t)))
      .map((t) => this.encode(t.params));
    const out: Params[] = [];
    for (let k = 0; k < n; k++) {
      const liars = this.opts.constantLiar ? [...pending, ...out.map((p) => this.encode(p))] : [];
      out.push(this.suggestOne(completed, liars, createRng(seed).fork(`tpe-${history.length + k}`)));
    }
    return out;
  }

  private suggestOne(
    completed: readonly Scored[],
    liars: readonly number[][],
    rng: ReturnType<typeof createRng>,
  ): Params {
    // Stable sort, best first; liars take the worst value and rank after real observations.
    const worst = Math.min(...completed.map((c) => c.value));
    const ranked = [...completed].sort((a, b) => b.value - a.value).concat(liars.map((x) => ({ x, value: worst })));
    const nGood = Math.max(1, Math.min(ranked.length, this.opts.gamma(ranked.length)));
    const parzen = { priorWeight: this.opts.priorWeight, multivariate: this.opts.multivariate };
    const good = new ParzenEstimator(
      this.dims,
      ranked.slice(0, nGood).map((s) => s.x),
      parzen,
    );
    const bad = new ParzenEstimator(
      this.dims,
      ranked.slice(nGood).map((s) => s.x),
      parzen,
    );
    let best: { params: Params; score: number } | undefined;
    const violations = this.constraints.map(() => 0);
    const maxDraws = Math.max(this.opts.nEiCandidates, MAX_CONSTRAINT_TRIES);
    // Draw until nEiCandidates feasible candidates are scored (exactly nEiCandidates draws without constraints).
    for (let draws = 0, scored = 0; scored < this.opts.nEiCandidates && draws < maxDraws; draws++) {
      const params = this.decode(good.sample(rng));
      if (!countViolations(params, this.constraints, violations)) continue;
      scored++;
      const x = this.encode(params); // snapped onto steps / ints before scoring
      const score = good.logDensity(x) - bad.logDensity(x);
      if (best === undefined || score > best.score) best = { params, score };
    }
    if (best === undefined) throw infeasibleError(this.constraints, violations, maxDraws);
    return best.params;
  }

  /** Params -> model coordinates (see encodeModelPoint). */
  private encode(params: Params): number[] {
    return encodeModelPoint(this.space, this.names, params);
  }

  /** Model coordinates -> params (see decodeModelPoint). */
  private decode(x: readonly number[]): Params {
    return decodeModelPoint(this.space, this.names, x);
  }
}
