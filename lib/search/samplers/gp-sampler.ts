import { ChoiceCosts } from './choice-costs';
import type { Constraint, Params, SearchSpace } from '../space/search-space-schema';
import { createRng } from '../../core/rng';
import { maximizeLogEi, pointKey, type AcquisitionSpace } from '../gp/gp-acquisition';
import { satisfiesConstraints } from '../space/constraints';
import { gpTargets } from '../gp/gp-output-transform';
import { fitKernelParams, GpPosterior } from '../gp/gp-regression';
import type { KernelParams } from '../gp/matern-kernel';
import { HaltonSampler } from './halton-sampler';
import { effectiveState, paramNames, type Sampler, type TrialObservation } from '../types';
import { decodeModelPoint, encodeModelPoint } from '../space/model-coordinates';
import { fitsSpace } from '../space/unit-space';

/**
 * How pending points (running and pruned trials, earlier points of the same
 * batch) enter the GP so a parallel batch spreads out:
 * - `worst`: constant liar at the worst observed value (strong repulsion; default);
 * - `mean`: constant liar at the mean observed value;
 * - `believer`: kriging believer, the GP's own posterior mean at the point
 *   (only removes the variance there; mildest repulsion).
 */
export type GpLiar = 'worst' | 'mean' | 'believer';

/** Default of {@link GpSamplerOptions.maxModelTrials}. */
export const DEFAULT_MAX_MODEL_TRIALS = 250;

/** Options of {@link GpSampler}. */
export interface GpSamplerOptions {
  /** Completed trials needed before the GP is used; until then, Halton points. Default 10. */
  nStartupTrials?: number;
  /** Quasi-random candidates of the acquisition's global phase. Default 512. */
  nCandidates?: number;
  /** Random restarts of the hyperparameter fit besides the default start. Default 2. */
  fitRestarts?: number;
  /** Pending-point strategy for batches. Default 'worst'. */
  liar?: GpLiar;
  /** Compress a heavy bad tail of the objective before standardising. Default true. */
  outputWarping?: boolean;
  /**
   * Most completed trials the GP is fitted on (exact GP cost is cubic): the best half and the most recent rest.
   * Default {@link DEFAULT_MAX_MODEL_TRIALS} = 250: a suggestion then takes ~1 s in 6-D on one core
   * (~0.1 s at 100 trials, ~3 s at 400); `npx tsx bench/gp-suggest-cost.ts` measures it.
   */
  maxModelTrials?: number;
  /** Acquisition candidates violating one are never chosen; startup Halton points are redrawn. Default none. */
  constraints?: readonly Constraint[];
  /**
   * A categorical parameter whose choices cost very different amounts (a cross-family sweep's
   * `family`): once two of its choices have measured trial times, candidates are ranked by
   * expected improvement per second (choice-costs.ts). Default none (plain EI).
   */
  costParam?: string;
}

interface Observed {
  x: number[];
  value: number;
  index: number;
}

/**
 * Gaussian-process Bayesian optimisation (maximisation) in the unit space.
 *
 * Model: numeric params are `toUnit` coordinates (log-scaled params linear in
 * log space), categoricals choice indices with a Hamming distance; Matern-5/2
 * ARD kernel; targets standardised (after optional low-tail compression);
 * lengthscales, signal and noise variance fitted per call by multi-start bounded
 * L-BFGS on the log marginal likelihood with weak priors (see gp-regression.ts).
 * Acquisition: log expected improvement over the best observed target,
 * maximised by quasi-random candidates, perturbations of the best points and a
 * local hill climb (gp-acquisition.ts).
 *
 * Batches: the hyperparameters are fitted once on real observations only; each
 * next point is chosen on a GP that also holds the pending points with a lie
 * (see {@link GpLiar}). Points already tried or pending are avoided.
 *
 * Conditional params: omitted (inactive) values are encoded as `inactiveFill`
 * and `snap` maps inactive dimensions onto it, so points differing only in
 * inactive dimensions are one point (see conditions.ts). Constraints: the
 * acquisition never picks an infeasible candidate when a feasible one exists;
 * otherwise the point is rejection-sampled from the Halton sequence.
 *
 * Failed trials, NaN/±inf values and params outside the space are ignored.
 * Determinism: depends only on (options, history, n, seed); the randomness of
 * call c is forked from (seed, history.length). Until `nStartupTrials` trials
 * have completed, the output is exactly the HaltonSampler's.
 */
export class GpSampler implements Sampler {
  readonly kind = 'gp';
  private readonly names: string[];
  private readonly acqSpace: AcquisitionSpace;
  private readonly startup: HaltonSampler;
  private readonly opts: Required<Omit<GpSamplerOptions, 'constraints' | 'costParam'>> & { costParam?: string };
  private readonly constraints: readonly Constraint[];

  constructor(
    private readonly space: SearchSpace,
    options: GpSamplerOptions = {},
  ) {
    this.names = paramNames(space);
    this.constraints = options.constraints ?? [];
    this.startup = new HaltonSampler(space, { constraints: this.constraints });
    this.acqSpace = {
      choices: this.names.map((name) => {
        const spec = space[name];
        return spec.type === 'categorical' ? spec.choices.length : 0;
      }),
      snap: (x) => this.encode(this.decode(x)),
      ...(this.constraints.length > 0
        ? { feasible: (x: readonly number[]) => satisfiesConstraints(this.decode(x), this.constraints) }
        : {}),
    };
    this.opts = {
      nStartupTrials: options.nStartupTrials ?? 10,
      nCandidates: options.nCandidates ?? 512,
      fitRestarts: options.fitRestarts ?? 2,
      liar: options.liar ?? 'worst',
      outputWarping: options.outputWarping ?? true,
      maxModelTrials: options.maxModelTrials ?? DEFAULT_MAX_MODEL_TRIALS,
      costParam: options.costParam !== undefined && options.costParam in space ? options.costParam : undefined,
    };
  }

  suggest(history: readonly TrialObservation[], n: number, seed: number): Params[] {
    const usable = history.filter((t) => fitsSpace(this.space, t.params));
    const completed: Observed[] = usable
      .filter((t) => effectiveState(t) === 'completed')
      .map((t) => ({ x: this.encode(t.params), value: t.value as number, index: t.index }));
    if (completed.length < Math.max(1, this.opts.nStartupTrials)) return this.startup.suggest(history, n, seed);
    if (n <= 0) return [];
    const rng = createRng(seed).fork(`gp-${history.length}`);
    const model = this.modelTrials(completed);
    const x = model.map((o) => o.x);
    const y = gpTargets(
      model.map((o) => o.value),
      this.opts.outputWarping,
    );
    const categorical = this.acqSpace.choices.map((k) => k > 0);
    const params = fitKernelParams(x, y, { categorical, restarts: this.opts.fitRestarts, rng: rng.fork('fit') });
    const pending = usable
      .filter((t) => ['running', 'pruned'].includes(effectiveState(t)))
      .map((t) => this.encode(t.params));
    const used = new Set(usable.map((t) => pointKey(this.encode(t.params))));
    const incumbents = model
      .map((o, i) => ({ x: o.x, y: y[i] }))
      .sort((a, b) => b.y - a.y)
      .slice(0, 5)
      .map((o) => o.x);
    const best = Math.max(...y);
    const lieX = [...pending];
    const lieY = this.lies(x, y, params, pending);
    const costs = this.opts.costParam !== undefined ? new ChoiceCosts(this.opts.costParam, usable) : undefined;
    const logCost = costs?.informative ? (p: readonly number[]) => costs.logRelativeCost(this.decode(p)) : undefined;
    const out: Params[] = [];
    for (let k = 0; k < n; k++) {
      const post = new GpPosterior([...x, ...lieX], [...y, ...lieY], categorical, params);
      const globalCandidates = this.startup.unitPoints(0, this.opts.nCandidates, rng.fork(`cand-${k}`).int(2 ** 31));
      let chosen = maximizeLogEi(
        post,
        this.acqSpace,
        { globalCandidates, incumbents, best, used, ...(logCost ? { logCost } : {}) },
        rng.fork(`acq-${k}`),
      );
      // No feasible candidate at all (a tiny feasible region): rejection-sample the Halton sequence instead.
      if (!satisfiesConstraints(this.decode(chosen), this.constraints))
        chosen = this.encode(this.startup.suggest(history, k + 1, seed)[k]);
      out.push(this.decode(chosen));
      used.add(pointKey(chosen));
      lieX.push(chosen);
      lieY.push(...this.lies([...x, ...lieX.slice(0, -1)], [...y, ...lieY], params, [chosen]));
    }
    return out;
  }

  /** Lie values for pending points given the GP data (x, y). */
  private lies(x: number[][], y: number[], params: KernelParams, pending: number[][]): number[] {
    if (pending.length === 0) return [];
    if (this.opts.liar === 'worst') return pending.map(() => Math.min(...y));
    if (this.opts.liar === 'mean') return pending.map(() => y.reduce((s, v) => s + v, 0) / y.length);
    const categorical = this.acqSpace.choices.map((k) => k > 0);
    return new GpPosterior(x, y, categorical, params).predict(pending).mean;
  }

  /** At most maxModelTrials completed trials: the best half, then the most recent. */
  private modelTrials(completed: Observed[]): Observed[] {
    const cap = Math.max(2, this.opts.maxModelTrials);
    if (completed.length <= cap) return completed;
    const byValue = [...completed].sort((a, b) => b.value - a.value || a.index - b.index);
    const keep = new Set(byValue.slice(0, Math.floor(cap / 2)).map((o) => o.index));
    for (let i = completed.length - 1; i >= 0 && keep.size < cap; i--) keep.add(completed[i].index);
    return completed.filter((o) => keep.has(o.index));
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
