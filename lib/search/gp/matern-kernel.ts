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

/** Scaled squared distance r^2 for inverse squared lengthscales `isl`. */
export function scaledSquaredDistance(
  a: readonly number[],
  b: readonly number[],
  categorical: DimKinds,
  isl: readonly number[],
): number {
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

/** Inverse squared lengthscales 1 / l_d^2 from log lengthscales. */
export function inverseSquaredLengthscales(p: KernelParams): number[] {
  return p.logLengthscales.map((ll) => Math.exp(-2 * ll));
}

/**
 * Covariances k(x_i, point) of every row of `x` with one point into `out`
 * (one column of the cross-covariance, without noise).
 */
export function covarianceColumn(
  x: readonly (readonly number[])[],
  point: readonly number[],
  categorical: DimKinds,
  isl: readonly number[],
  s2: number,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = s2 * matern52(scaledSquaredDistance(x[i], point, categorical, isl));
  return out;
}

/**
 * The distance terms t_d of every pair (i, j < i) of training inputs, in row
 * order: pair p = i (i - 1) / 2 + j holds its terms at [p dims, (p + 1) dims).
 * They do not depend on the hyperparameters, so a fit computes them once.
 */
export function pairDistanceTerms(x: readonly (readonly number[])[], categorical: DimKinds): Float64Array {
  const dims = categorical.length;
  const terms = new Float64Array(((x.length * (x.length - 1)) / 2) * dims);
  let at = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < i; j++) {
      for (let d = 0; d < dims; d++)
        terms[at++] = categorical[d] ? (x[i][d] === x[j][d] ? 0 : 1) : (x[i][d] - x[j][d]) ** 2;
    }
  }
  return terms;
}

/**
 * For every pair of {@link pairDistanceTerms}: the Matern-5/2 correlation
 * (same values as {@link matern52}) and its slope g = -d matern52 / d r2 =
 * (5/6)(1 + sqrt5 r) exp(-sqrt5 r) at the pair's scaled squared distance, with
 * one sqrt and one exp per pair. The slope gives the likelihood gradient:
 * d k / d log l_d = s2 * g * 2 * t_d / l_d^2.
 */
export function pairCorrelations(
  terms: Float64Array,
  dims: number,
  isl: readonly number[],
): { correlation: Float64Array; slope: Float64Array } {
  const pairs = dims === 0 ? 0 : terms.length / dims;
  const correlation = new Float64Array(pairs);
  const slope = new Float64Array(pairs);
  for (let p = 0, at = 0; p < pairs; p++) {
    let r2 = 0;
    for (let d = 0; d < dims; d++) r2 += terms[at++] * isl[d];
    const r = Math.sqrt(r2);
    const e = Math.exp(-SQRT5 * r);
    correlation[p] = (1 + SQRT5 * r + (5 / 3) * r2) * e;
    slope[p] = (5 / 6) * (1 + SQRT5 * r) * e;
  }
  return { correlation, slope };
}
