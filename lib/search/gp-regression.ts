import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { Rng } from '../core/rng';
import { minimizeBounded } from './bounded-lbfgs';
import { crossCovariance, inverseSquaredLengthscales, matern52, matern52Slope, scaledSquaredDistance, trainCovariance, type DimKinds, type KernelParams } from './matern-kernel';

/**
 * Exact Gaussian-process regression with the Matern-5/2 ARD kernel: the
 * hyperparameters are fitted by maximising the log marginal likelihood plus weak
 * priors (MAP), then the posterior predicts mean and latent variance. Linear
 * algebra (Cholesky factorisation, triangular solves) is ml-matrix's.
 *
 * Priors, on the natural scale: lengthscales exp(-(0.1 l^2 + 0.1 / l^2)) (keeps
 * them off both extremes), signal variance Gamma(2, 1), noise variance
 * Gamma(1.1, 30) (favours small noise); the same shapes Optuna's GP uses.
 * Inputs are expected in [0, 1] (categoricals as indices), targets standardised.
 */

const LOG_2PI = Math.log(2 * Math.PI);
/** Box of the log-hyperparameters: lengthscale, signal variance, noise variance. */
export const HYPER_BOUNDS = {
  logLengthscale: [Math.log(1e-2), Math.log(1e2)],
  logSignal: [Math.log(1e-2), Math.log(1e2)],
  logNoise: [Math.log(1e-6), Math.log(1)],
} as const;

interface Factor {
  chol: CholeskyDecomposition;
  kernel: number[][];
}

/** Cholesky of K with escalating jitter until positive definite. */
function factorise(x: readonly number[][], categorical: DimKinds, p: KernelParams): Factor {
  const s2 = Math.exp(p.logSignal);
  for (const rel of [0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2]) {
    const kernel = trainCovariance(x, categorical, p, rel * s2);
    const chol = new CholeskyDecomposition(new Matrix(kernel));
    if (chol.isPositiveDefinite()) return { chol, kernel };
  }
  throw new Error('GP covariance is not positive definite even with jitter');
}

function packParams(p: KernelParams): number[] {
  return [...p.logLengthscales, p.logSignal, p.logNoise];
}

function unpackParams(v: readonly number[]): KernelParams {
  const d = v.length - 2;
  return { logLengthscales: v.slice(0, d), logSignal: v[d], logNoise: v[d + 1] };
}

/** Log prior density (up to a constant) and its gradient in the packed log-parameters. */
function logPrior(p: KernelParams): { value: number; gradient: number[] } {
  let value = 0;
  const gradient: number[] = [];
  for (const ll of p.logLengthscales) {
    const l2 = Math.exp(2 * ll);
    value -= 0.1 * l2 + 0.1 / l2;
    gradient.push(-(0.2 * l2 - 0.2 / l2));
  }
  const s2 = Math.exp(p.logSignal);
  const noise = Math.exp(p.logNoise);
  value += Math.log(s2) - s2 + 0.1 * Math.log(noise) - 30 * noise;
  gradient.push(1 - s2, 0.1 - 30 * noise);
  return { value, gradient };
}

/**
 * Log marginal likelihood log p(y | X, p) and its gradient in the packed
 * log-parameters [log l_1..log l_d, log s2, log noise].
 */
export function logMarginalLikelihood(x: readonly number[][], y: readonly number[], categorical: DimKinds, p: KernelParams): { value: number; gradient: number[] } {
  const n = y.length;
  const { chol } = factorise(x, categorical, p);
  const alpha = chol.solve(Matrix.columnVector([...y])).getColumn(0);
  const lower = chol.lowerTriangularMatrix;
  let logDet = 0;
  for (let i = 0; i < n; i++) logDet += 2 * Math.log(lower.get(i, i));
  const value = -0.5 * alpha.reduce((s, a, i) => s + a * y[i], 0) - 0.5 * logDet - 0.5 * n * LOG_2PI;
  const kInv = chol.solve(Matrix.eye(n));
  const isl = inverseSquaredLengthscales(p);
  const s2 = Math.exp(p.logSignal);
  const d = isl.length;
  const gradient = new Array<number>(d + 2).fill(0);
  for (let i = 0; i < n; i++) {
    gradient[d + 1] += 0.5 * (alpha[i] * alpha[i] - kInv.get(i, i)) * Math.exp(p.logNoise);
    gradient[d] += 0.5 * (alpha[i] * alpha[i] - kInv.get(i, i)) * s2;
    for (let j = 0; j < i; j++) {
      const w = alpha[i] * alpha[j] - kInv.get(i, j); // W = alpha alpha^T - K^-1, symmetric: count pair twice
      const r2 = scaledSquaredDistance(x[i], x[j], categorical, isl);
      gradient[d] += w * s2 * matern52(r2);
      const slope = w * s2 * matern52Slope(r2) * 2;
      for (let k = 0; k < d; k++) {
        const t = categorical[k] ? (x[i][k] === x[j][k] ? 0 : 1) : (x[i][k] - x[j][k]) ** 2;
        gradient[k] += slope * t * isl[k];
      }
    }
  }
  return { value, gradient };
}

/** Options of {@link fitKernelParams}. */
export interface GpFitOptions {
  categorical: DimKinds;
  /** Random restarts besides the default start. */
  restarts: number;
  rng: Rng;
  maxIterations?: number;
}

/** MAP hyperparameters by multi-start bounded L-BFGS on the log-parameters; deterministic for a given rng. */
export function fitKernelParams(x: readonly number[][], y: readonly number[], options: GpFitOptions): KernelParams {
  const d = options.categorical.length;
  const lower = [...new Array<number>(d).fill(HYPER_BOUNDS.logLengthscale[0]), HYPER_BOUNDS.logSignal[0], HYPER_BOUNDS.logNoise[0]];
  const upper = [...new Array<number>(d).fill(HYPER_BOUNDS.logLengthscale[1]), HYPER_BOUNDS.logSignal[1], HYPER_BOUNDS.logNoise[1]];
  const objective = (v: readonly number[]): { value: number; gradient: number[] } => {
    const p = unpackParams(v);
    try {
      const lml = logMarginalLikelihood(x, y, options.categorical, p);
      const prior = logPrior(p);
      return { value: -(lml.value + prior.value), gradient: lml.gradient.map((g, i) => -(g + prior.gradient[i])) };
    } catch {
      return { value: Infinity, gradient: v.map(() => 0) };
    }
  };
  const starts = [packParams({ logLengthscales: new Array<number>(d).fill(0), logSignal: 0, logNoise: Math.log(1e-2) })];
  for (let r = 0; r < options.restarts; r++) {
    const rng = options.rng.fork(`restart-${r}`);
    starts.push(lower.map((lo, i) => {
      const hi = upper[i];
      const mid = (lo + hi) / 2;
      return mid + (rng.next() - 0.5) * (hi - lo) * 0.6;
    }));
  }
  let best: { x: number[]; value: number } | undefined;
  for (const x0 of starts) {
    const res = minimizeBounded(objective, x0, { lower, upper, maxIterations: options.maxIterations ?? 60 });
    if (Number.isFinite(res.value) && (best === undefined || res.value < best.value)) best = res;
  }
  return unpackParams(best ? best.x : starts[0]);
}

/** GP posterior given training data and fixed hyperparameters. */
export class GpPosterior {
  private readonly chol: CholeskyDecomposition;
  private readonly alpha: number[];
  private readonly signal: number;

  constructor(
    private readonly x: readonly number[][],
    y: readonly number[],
    private readonly categorical: DimKinds,
    readonly params: KernelParams,
  ) {
    this.chol = factorise(x, categorical, params).chol;
    this.alpha = this.chol.solve(Matrix.columnVector([...y])).getColumn(0);
    this.signal = Math.exp(params.logSignal);
  }

  /** Posterior mean and latent (noise-free) variance at each point. */
  predict(points: readonly number[][]): { mean: number[]; variance: number[] } {
    if (points.length === 0) return { mean: [], variance: [] };
    const kc = new Matrix(crossCovariance(this.x as number[][], points as number[][], this.categorical, this.params));
    const v = this.chol.solve(kc);
    const mean: number[] = [];
    const variance: number[] = [];
    for (let j = 0; j < points.length; j++) {
      let m = 0;
      let q = 0;
      for (let i = 0; i < this.x.length; i++) {
        const k = kc.get(i, j);
        m += k * this.alpha[i];
        q += k * v.get(i, j);
      }
      mean.push(m);
      variance.push(Math.max(1e-12, this.signal - q));
    }
    return { mean, variance };
  }
}
