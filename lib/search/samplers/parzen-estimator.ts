import type { Rng } from '../../core/rng';

/**
 * Parzen (kernel density) estimator over a mixed space, the building block of
 * TPE. Numeric dimensions live in unit space [0, 1] with truncated-Gaussian
 * kernels; categorical dimensions hold a choice index with a smoothed one-hot
 * kernel. The mixture has one component per observation plus a prior component
 * (centre 0.5, width 1 / uniform over choices) weighted `priorWeight`, so the
 * density is positive everywhere and sampling from it explores as well as exploits.
 */

/** How one dimension is modelled: unit-space numeric, or categorical with `k` choices. */
export type ParzenDim = { type: 'numeric' } | { type: 'categorical'; k: number };

export interface ParzenOptions {
  /** Weight of the prior component relative to one observation (Optuna default 1). */
  priorWeight: number;
  /**
   * false (default in TpeSampler): independent per-dimension mixtures, bandwidths from
   * neighbour distances. true: one joint mixture (a component fixes all dimensions),
   * Scott-like bandwidth 0.2 * n^(-1 / (d + 4)).
   */
  multivariate: boolean;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** log of a sum of exponentials, stable for large magnitudes; -Infinity for an empty list. */
export function logSumExp(values: readonly number[]): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** Log density of N(mu, sigma) truncated to [0, 1], at x in [0, 1]. */
function truncNormalLogPdf(x: number, mu: number, sigma: number): number {
  const z = (x - mu) / sigma;
  const mass = Math.max(1e-12, normalCdf((1 - mu) / sigma) - normalCdf(-mu / sigma));
  return -0.5 * z * z - Math.log(sigma) - LOG_SQRT_2PI - Math.log(mass);
}

/** A draw of N(mu, sigma) truncated to [0, 1] (Box-Muller + rejection, clamped after 64 tries). */
function sampleTruncNormal(mu: number, sigma: number, rng: Rng): number {
  let x = mu;
  for (let tries = 0; tries < 64; tries++) {
    const r = Math.sqrt(-2 * Math.log(1 - rng.next()));
    x = mu + sigma * r * Math.cos(2 * Math.PI * rng.next());
    if (x >= 0 && x <= 1) return x;
  }
  return Math.min(1, Math.max(0, x));
}

/**
 * Per-component bandwidths of one numeric dimension (univariate TPE, Bergstra et al.):
 * each observation's sigma is the larger gap to its sorted neighbours (the prior
 * at 0.5 included), clipped to [1 / min(100, 1 + m), 1] where m counts the centres.
 */
export function neighbourBandwidths(mus: readonly number[]): number[] {
  const centres = [...mus, 0.5];
  const order = centres.map((_, i) => i).sort((a, b) => centres[a] - centres[b] || a - b);
  const sigmas = new Array<number>(centres.length).fill(1);
  const minSigma = 1 / Math.min(100, 1 + centres.length);
  order.forEach((idx, rank) => {
    const left = rank > 0 ? centres[idx] - centres[order[rank - 1]] : 0;
    const right = rank < order.length - 1 ? centres[order[rank + 1]] - centres[idx] : 0;
    sigmas[idx] = Math.min(1, Math.max(minSigma, left, right));
  });
  sigmas[centres.length - 1] = 1; // the prior stays wide
  return sigmas.slice(0, mus.length);
}

/** A mixture density over a mixed space; immutable after construction. */
export class ParzenEstimator {
  private readonly weights: number[];
  private readonly logWeights: number[];
  /** sigmas[d][j] for numeric dims (component j = observation j; the prior is last). */
  private readonly sigmas: number[][];

  constructor(
    private readonly dims: readonly ParzenDim[],
    private readonly points: readonly number[][],
    private readonly options: ParzenOptions,
  ) {
    const total = points.length + options.priorWeight;
    this.weights = [...points.map(() => 1 / total), options.priorWeight / total];
    this.logWeights = this.weights.map((w) => Math.log(w));
    const scott = 0.2 * Math.max(1, points.length) ** (-1 / (dims.length + 4));
    this.sigmas = dims.map((dim, d) => {
      if (dim.type !== 'numeric') return [];
      const own = options.multivariate ? points.map(() => scott) : neighbourBandwidths(points.map((p) => p[d]));
      return [...own, 1];
    });
  }

  private pickComponent(rng: Rng): number {
    let u = rng.next();
    for (let j = 0; j < this.weights.length - 1; j++) {
      u -= this.weights[j];
      if (u < 0) return j;
    }
    return this.weights.length - 1;
  }

  /** Log of component j's kernel along dimension d at coordinate x. */
  private kernelLogPdf(d: number, j: number, x: number): number {
    const dim = this.dims[d];
    const isPrior = j === this.points.length;
    if (dim.type === 'numeric') return truncNormalLogPdf(x, isPrior ? 0.5 : this.points[j][d], this.sigmas[d][j]);
    if (isPrior) return -Math.log(dim.k);
    const p = this.options.priorWeight;
    const hit = Math.round(x) === this.points[j][d] ? 1 : 0;
    return Math.log((p / dim.k + hit) / (1 + p));
  }

  private sampleKernel(d: number, j: number, rng: Rng): number {
    const dim = this.dims[d];
    const isPrior = j === this.points.length;
    if (dim.type === 'numeric') return sampleTruncNormal(isPrior ? 0.5 : this.points[j][d], this.sigmas[d][j], rng);
    if (isPrior) return rng.int(dim.k);
    // Smoothed one-hot: the observed choice with prob (p/k + 1)/(1 + p), else uniform.
    const p = this.options.priorWeight;
    return rng.next() < 1 / (1 + p) ? this.points[j][d] : rng.int(dim.k);
  }

  /** One draw: numeric coordinates in [0, 1], categorical coordinates as choice indices. */
  sample(rng: Rng): number[] {
    if (this.options.multivariate) {
      const j = this.pickComponent(rng);
      return this.dims.map((_, d) => this.sampleKernel(d, j, rng));
    }
    return this.dims.map((_, d) => this.sampleKernel(d, this.pickComponent(rng), rng));
  }

  /** Log density at x (same coordinates as `sample`). */
  logDensity(x: readonly number[]): number {
    const comps = this.weights.map((_, j) => j);
    if (this.options.multivariate) {
      return logSumExp(
        comps.map((j) => this.logWeights[j] + this.dims.reduce((acc, _, d) => acc + this.kernelLogPdf(d, j, x[d]), 0)),
      );
    }
    return this.dims.reduce(
      (acc, _, d) => acc + logSumExp(comps.map((j) => this.logWeights[j] + this.kernelLogPdf(d, j, x[d]))),
      0,
    );
  }
}
