/**
 * Matern-5/2 ARD kernel over mixed inputs, the covariance of {@link GpSampler}'s
 * Gaussian process. Numeric dimensions are unit coordinates in [0, 1]
 * (log-scaled params are already linear in log space); categorical dimensions
 * hold a choice index and contribute a Hamming term (0 when equal, 1 when not),
 * so every dimension gets its own lengthscale:
 *
 *   r^2 = sum_d t_d / l_d^2,  t_d = (x_d - y_d)^2 (numeric) or [x_d != y_d] (categorical)
 *   k(x, y) = s2 * (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r)
 */

const SQRT5 = Math.sqrt(5);

/** Kernel hyperparameters, all on log scale (the fitting works in log space). */
export interface KernelParams {
  /** log lengthscale per dimension. */
  logLengthscales: number[];
  /** log signal variance s2. */
  logSignal: number;
  /** log observation-noise variance (added to the diagonal). */
  logNoise: number;
}

/** Which input dimensions are categorical (Hamming) rather than numeric. */
export type DimKinds = readonly boolean[];

/** Per-dimension squared distance terms t_d (not yet divided by l_d^2). */
export function distanceTerms(a: readonly number[], b: readonly number[], categorical: DimKinds): number[] {
  return a.map((ad, d) => (categorical[d] ? (ad === b[d] ? 0 : 1) : (ad - b[d]) ** 2));
}

/** Scaled squared distance r^2 for inverse squared lengthscales `isl`. */
export function scaledSquaredDistance(a: readonly number[], b: readonly number[], categorical: DimKinds, isl: readonly number[]): number {
  let r2 = 0;
  for (let d = 0; d < a.length; d++) {
    const t = categorical[d] ? (a[d] === b[d] ? 0 : 1) : (a[d] - b[d]) ** 2;
    r2 += t * isl[d];
  }
  return r2;
}

/** Matern-5/2 correlation at scaled squared distance r2 (1 at r2 = 0). */
export function matern52(r2: number): number {
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/**
 * d matern52 / d r2 * (-1), i.e. the positive factor g with
 * d k / d log l_d = s2 * g * 2 * t_d / l_d^2. Equals (5/6)(1 + sqrt5 r) exp(-sqrt5 r).
 */
export function matern52Slope(r2: number): number {
  const r = Math.sqrt(r2);
  return (5 / 6) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
}

/** Inverse squared lengthscales 1 / l_d^2 from log lengthscales. */
export function inverseSquaredLengthscales(p: KernelParams): number[] {
  return p.logLengthscales.map((ll) => Math.exp(-2 * ll));
}

/** Cross-covariance (no noise) between the rows of `a` and the rows of `b`: a.length x b.length. */
export function crossCovariance(a: readonly number[][], b: readonly number[][], categorical: DimKinds, p: KernelParams): number[][] {
  const isl = inverseSquaredLengthscales(p);
  const s2 = Math.exp(p.logSignal);
  return a.map((x) => b.map((y) => s2 * matern52(scaledSquaredDistance(x, y, categorical, isl))));
}

/** Covariance of the training inputs with noise (+ jitter) on the diagonal; exactly symmetric. */
export function trainCovariance(x: readonly number[][], categorical: DimKinds, p: KernelParams, jitter = 0): number[][] {
  const isl = inverseSquaredLengthscales(p);
  const s2 = Math.exp(p.logSignal);
  const diag = s2 + Math.exp(p.logNoise) + jitter;
  const n = x.length;
  const k: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    k[i][i] = diag;
    for (let j = 0; j < i; j++) {
      const v = s2 * matern52(scaledSquaredDistance(x[i], x[j], categorical, isl));
      k[i][j] = v;
      k[j][i] = v;
    }
  }
  return k;
}
