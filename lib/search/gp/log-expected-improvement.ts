/**
 * Numerically stable log expected improvement (maximisation), the GP sampler's
 * acquisition. EI = sigma * h(z) with z = (mu - best) / sigma and
 * h(z) = z Phi(z) + phi(z). Plain EI underflows to 0 for z below about -38,
 * which flattens the acquisition surface far from the incumbent; log h(z) is
 * computed in three regimes so it stays finite and monotone for every z
 * (the approach of Ament et al. 2023, "Unexpected improvements to expected
 * improvement"):
 * - z > -1: log(z Phi(z) + phi(z)) directly;
 * - -30 < z <= -1: log phi(z) + log1p(z * Mills(z)) with Mills(z) = Phi(z)/phi(z)
 *   from the scaled complementary error function erfcx;
 * - z <= -30: the asymptotic series log phi(z) - 2 log|z| + log(1 - 3/z^2 + 15/z^4).
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * erfcx(x) = exp(x^2) erfc(x) for x >= 0, from the Chebyshev fit of
 * Numerical Recipes' erfcc (relative error < 1.2e-7), evaluated without the
 * exp(-x^2) factor so it never underflows.
 */
export function erfcx(x: number): number {
  if (x < 0) throw new RangeError('erfcx is implemented for x >= 0 only');
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(poly);
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return z < 0
    ? 0.5 * erfcx(-z / Math.SQRT2) * Math.exp(-0.5 * z * z)
    : 1 - 0.5 * erfcx(z / Math.SQRT2) * Math.exp(-0.5 * z * z);
}

/** log of the standard normal density. */
export function logNormalPdf(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

/** log h(z), h(z) = z Phi(z) + phi(z) = E[max(Z + z, 0)] for standard normal Z. */
export function logH(z: number): number {
  if (z > -1) return Math.log(z * normalCdf(z) + Math.exp(logNormalPdf(z)));
  if (z > -30) {
    const mills = Math.sqrt(Math.PI / 2) * erfcx(-z / Math.SQRT2);
    return logNormalPdf(z) + Math.log1p(z * mills);
  }
  const z2 = z * z;
  return logNormalPdf(z) - Math.log(z2) + Math.log1p(-3 / z2 + 15 / (z2 * z2));
}

/**
 * log EI of a Gaussian prediction (mean, variance) over the incumbent `best`
 * (maximisation). Finite for every input with variance > 0.
 */
export function logExpectedImprovement(mean: number, variance: number, best: number): number {
  const sigma = Math.sqrt(Math.max(variance, 1e-18));
  return Math.log(sigma) + logH((mean - best) / sigma);
}
