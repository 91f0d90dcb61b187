/**
 * Output transforms of the GP sampler: objective values -> GP targets.
 * Both are monotone increasing, so the best trial stays the best.
 */

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** (v - mean) / std, with std 1 when every value is the same. */
export function standardize(values: readonly number[]): number[] {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  const std = variance > 1e-300 ? Math.sqrt(variance) : 1;
  return values.map((v) => (v - mean) / std);
}

/**
 * Compresses the bad (low) tail logarithmically: values above the median stay,
 * a value d below the median maps to median - q log(1 + d / q), with q the median
 * absolute deviation (or the mean absolute deviation when the MAD is 0). Heavy
 * bad tails (a diverged run scoring -1e6) otherwise dominate the standardisation
 * and flatten the GP around the optimum. Returns a copy when there is no spread.
 */
export function compressLowTail(values: readonly number[]): number[] {
  const m = median(values);
  let q = median(values.map((v) => Math.abs(v - m)));
  if (!(q > 0)) q = values.reduce((s, v) => s + Math.abs(v - m), 0) / values.length;
  if (!(q > 0)) return [...values];
  return values.map((v) => (v >= m ? v : m - q * Math.log1p((m - v) / q)));
}

/** The GP targets for raw objective values: optional low-tail compression, then standardisation. */
export function gpTargets(values: readonly number[], warp: boolean): number[] {
  return standardize(warp ? compressLowTail(values) : values);
}
