import type { Rng } from '../../core/rng';
import type { GpPosterior } from './gp-regression';
import { logExpectedImprovement } from './log-expected-improvement';

/**
 * Maximises log EI (or log EI per unit cost, with `logCost`) over the model space of the GP sampler: numeric dimensions
 * are unit coordinates, categorical dimensions choice indices. Global phase:
 * quasi-random candidates plus Gaussian perturbations of the best observed
 * points; local phase: a batched stochastic hill climb (shrinking steps, choice
 * flips) from the best few candidates. Every point is snapped onto the param
 * grid (ints, steps) before it is scored, so the score is that of the value
 * actually suggested. Deterministic for a given rng.
 */

export interface AcquisitionSpace {
  /** Choices per dimension for categoricals, 0 for numeric dimensions. */
  choices: readonly number[];
  /** Snaps a model point onto representable values (ints, steps); idempotent. */
  snap: (x: number[]) => number[];
  /** False for (snapped) points that violate a constraint; they are never chosen when a feasible one is found. Default: all feasible. */
  feasible?: (x: readonly number[]) => boolean;
}

export interface AcquisitionOptions {
  /** Quasi-random unit points for the global phase (numeric and categorical dims alike). */
  globalCandidates: readonly number[][];
  /** Observed points, best first, to perturb locally. */
  incumbents: readonly number[][];
  /** Incumbent value (standardised) that EI improves on. */
  best: number;
  /** Keys of points already tried or pending; avoided unless nothing else is found. */
  used: ReadonlySet<string>;
  /** Perturbations per incumbent. Default 24. */
  perIncumbent?: number;
  /** Local-search starts and steps. Defaults 3 and 12. */
  localStarts?: number;
  localSteps?: number;
  /**
   * log(relative cost) of evaluating a point: when given, candidates are ranked by
   * log EI - logCost, i.e. expected improvement per unit of cost. Default: all cost the same.
   */
  logCost?: (x: readonly number[]) => number;
}

/** Key of a model point for set membership. */
export function pointKey(x: readonly number[]): string {
  return x.map((v) => v.toPrecision(12)).join(',');
}

function gaussian(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function perturb(space: AcquisitionSpace, x: readonly number[], sigma: number, flip: number, rng: Rng): number[] {
  return space.snap(
    x.map((v, d) => {
      const k = space.choices[d];
      if (k > 0) return rng.next() < flip ? rng.int(k) : v;
      const u = v + sigma * gaussian(rng);
      return Math.min(1, Math.max(0, u));
    }),
  );
}

function fromUnit(space: AcquisitionSpace, u: readonly number[]): number[] {
  return space.snap(
    u.map((v, d) => (space.choices[d] > 0 ? Math.min(space.choices[d] - 1, Math.floor(v * space.choices[d])) : v)),
  );
}

function score(post: GpPosterior, points: readonly number[][], options: AcquisitionOptions): number[] {
  const { mean, variance } = post.predict(points);
  const cost = options.logCost;
  return mean.map((m, i) => logExpectedImprovement(m, variance[i], options.best) - (cost ? cost(points[i]) : 0));
}

interface Scored {
  x: number[];
  s: number;
}

/**
 * The model point maximising log EI (not in `used` when any candidate avoids it;
 * feasible when any candidate is: the caller must check the rare infeasible result).
 */
export function maximizeLogEi(
  post: GpPosterior,
  space: AcquisitionSpace,
  options: AcquisitionOptions,
  rng: Rng,
): number[] {
  const perInc = options.perIncumbent ?? 24;
  const candidates = options.globalCandidates.map((u) => fromUnit(space, u));
  options.incumbents.forEach((x, i) => {
    const r = rng.fork(`inc-${i}`);
    for (let c = 0; c < perInc; c++) candidates.push(perturb(space, x, c % 2 === 0 ? 0.02 : 0.1, 0.2, r));
  });
  const feasible = space.feasible ?? (() => true);
  const scores = score(post, candidates, options);
  const ranked: Scored[] = candidates.map((x, i) => ({ x, s: scores[i] })).sort((a, b) => b.s - a.s);
  const ok = ranked.filter((c) => feasible(c.x));
  const fresh = ok.filter((c) => !options.used.has(pointKey(c.x)));
  const pool = fresh.length > 0 ? fresh : ok.length > 0 ? ok : ranked;
  const starts = pool.slice(0, options.localStarts ?? 3);
  const refined = starts.map((start, i) => hillClimb(post, space, options, start, rng.fork(`local-${i}`)));
  const all = [...refined, ...pool].sort((a, b) => b.s - a.s);
  return (
    all.find((c) => !options.used.has(pointKey(c.x)) && feasible(c.x)) ??
    all.find((c) => feasible(c.x)) ??
    all[0]
  ).x;
}

function hillClimb(
  post: GpPosterior,
  space: AcquisitionSpace,
  options: AcquisitionOptions,
  start: Scored,
  rng: Rng,
): Scored {
  let cur = start;
  let sigma = 0.05;
  for (let step = 0; step < (options.localSteps ?? 12) && sigma > 1e-4; step++) {
    const proposals = Array.from({ length: 8 }, () => perturb(space, cur.x, sigma, 0.1, rng)).filter(
      (x) => !options.used.has(pointKey(x)) && (space.feasible?.(x) ?? true),
    );
    const scores = score(post, proposals, options);
    let improved = false;
    scores.forEach((s, i) => {
      if (s > cur.s) {
        cur = { x: proposals[i], s };
        improved = true;
      }
    });
    sigma = improved ? Math.min(0.2, sigma * 1.5) : sigma * 0.5;
  }
  return cur;
}
