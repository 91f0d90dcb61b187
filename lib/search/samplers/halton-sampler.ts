import type { Constraint, Params, SearchSpace } from '../space/search-space-schema';
import { createRng, hash32, shuffled, type Rng } from '../../core/rng';
import { applyConditions } from '../space/conditions';
import { drawFeasible } from '../space/constraints';
import { paramsFromUnit } from '../space/unit-space';
import { paramNames, type Sampler, type TrialObservation } from '../types';

/** Options of {@link HaltonSampler}. */
export interface HaltonSamplerOptions {
  /** Randomise with digit permutations and a random shift per dimension (default true). */
  scramble?: boolean;
  /** Points violating one are replaced by far-off points of the same sequence. Default none. */
  constraints?: readonly Constraint[];
}

/** Retry `a` of position p uses sequence point p + a * RETRY_STRIDE (far from any real sweep position). */
const RETRY_STRIDE = 1_000_003;

/** The first `count` primes (the Halton bases, one per dimension). */
export function firstPrimes(count: number): number[] {
  const primes: number[] = [];
  for (let c = 2; primes.length < count; c++) {
    if (primes.every((p) => p * p > c || c % p !== 0)) primes.push(c);
  }
  return primes;
}

/**
 * Radical inverse of `index` in `base`, digits mapped through `perm`
 * (perm[0] must be 0, so the infinite tail of zero digits stays zero).
 */
export function radicalInverse(index: number, base: number, perm?: readonly number[]): number {
  let i = Math.floor(index);
  let f = 1 / base;
  let u = 0;
  while (i > 0) {
    const digit = i % base;
    u += (perm ? perm[digit] : digit) * f;
    i = Math.floor(i / base);
    f /= base;
  }
  return u;
}

interface Scrambling {
  perms: number[][];
  shifts: number[];
  offset: number;
}

function scramblingFor(dims: number, seed: number, scramble: boolean): Scrambling {
  const bases = firstPrimes(dims);
  const rng: Rng = createRng(seed).fork('halton');
  // Skip the first points (index 0 is the origin) by a seed-dependent offset.
  const offset = 1 + (hash32(`halton-offset:${seed}`) % 1024);
  if (!scramble)
    return { perms: bases.map((b) => Array.from({ length: b }, (_, d) => d)), shifts: bases.map(() => 0), offset };
  const perms = bases.map((b, d) => {
    const tail = shuffled(
      Array.from({ length: b - 1 }, (_, k) => k + 1),
      rng.fork(`perm-${d}`),
    );
    return [0, ...tail];
  });
  const shifts = bases.map((_, d) => rng.fork(`shift-${d}`).next());
  return { perms, shifts, offset };
}

/**
 * Quasi-random search over the Halton sequence, scrambled per seed.
 *
 * Suggestion k of a call is Halton point `offset(seed) + history.length + k`,
 * so it depends only on (seed, position in the sweep): consecutive batches are
 * disjoint stretches of one low-discrepancy sequence and cover the space more
 * evenly than random draws. Results in history are not used. Dimensions follow
 * sorted parameter names (base 2 for the first, 3 for the second, ...); with
 * `scramble`, each dimension gets a seeded digit permutation (fixing 0) and a
 * Cranley-Patterson shift mod 1. Values go through `paramFromUnit`.
 */
export class HaltonSampler implements Sampler {
  readonly kind = 'halton';
  private readonly dims: number;
  private readonly bases: number[];

  constructor(
    private readonly space: SearchSpace,
    private readonly options: HaltonSamplerOptions = {},
  ) {
    this.dims = paramNames(space).length;
    this.bases = firstPrimes(this.dims);
  }

  /** The unit-cube coordinates of sweep position `position` for `seed`. */
  unitPoint(position: number, seed: number): number[] {
    return this.unitPoints(position, 1, seed)[0];
  }

  /** Unit-cube points for positions `first .. first + n - 1`. */
  unitPoints(first: number, n: number, seed: number): number[][] {
    const s = scramblingFor(this.dims, seed, this.options.scramble ?? true);
    return Array.from({ length: n }, (_, k) => this.pointAt(s, first + k));
  }

  private pointAt(s: Scrambling, position: number): number[] {
    return this.bases.map((b, d) => {
      const u = radicalInverse(s.offset + position, b, s.perms[d]) + s.shifts[d];
      return u >= 1 ? u - 1 : u;
    });
  }

  /**
   * Points at positions history.length .., inactive params omitted. A point that
   * violates a constraint is replaced by the first feasible of the sequence
   * points position + a * RETRY_STRIDE (a = 1, 2, ...).
   * @throws ConfigError when the constraints reject every try.
   */
  suggest(history: readonly TrialObservation[], n: number, seed: number): Params[] {
    const s = scramblingFor(this.dims, seed, this.options.scramble ?? true);
    const position = history.length;
    return Array.from({ length: n }, (_, k) =>
      drawFeasible(
        (a) =>
          applyConditions(this.space, paramsFromUnit(this.space, this.pointAt(s, position + k + a * RETRY_STRIDE))),
        this.options.constraints ?? [],
      ),
    );
  }
}
