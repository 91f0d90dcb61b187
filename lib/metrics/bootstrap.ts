/**
 * Seeded percentile-bootstrap confidence intervals for any metric of
 * (yTrue, predictions), where predictions are labels or probability rows.
 *
 * Method (Efron's percentile bootstrap): draw `resamples` index sets of size
 * n with replacement from a {@link createRng} stream, recompute the metric on
 * each, and take the (1 - confidence)/2 and (1 + confidence)/2 quantiles of
 * the resampled values (numpy's default linear interpolation). The point
 * estimate is the metric on the full data. Deterministic for a given seed.
 *
 * A resample on which the metric is undefined (it returns a non-finite number
 * or throws a DataError, e.g. ROC AUC on a resample with one class) is skipped
 * and counted in `skipped`; any other error propagates.
 *
 * {@link pairedBootstrapDifference} resamples the SAME indices for two systems
 * (e.g. ensemble vs best single model), so the interval of the difference
 * accounts for their correlation; an interval excluding 0 is evidence that
 * one is better on this test set.
 */
import { createRng } from '../core/rng';
import { ConfigError, DataError } from '../core/errors';
import { DEFAULT_YIELD_EVERY, runSteps, shouldYield, type Steps } from '../core/progress';

/** Options for the bootstrap. */
export interface BootstrapOptions {
  /** Seed for the resampling stream. */
  seed: number;
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** Two-sided coverage in (0, 1) (default 0.95). */
  confidence?: number;
  /** Progress stage name of the chunked variants (default 'bootstrap'). */
  stage?: string;
  /** Resamples per chunk of the chunked variants. */
  yieldEvery?: number;
}

/** A percentile-bootstrap interval. */
export interface ConfidenceInterval {
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  /** Resamples that produced a value. */
  resamples: number;
  /** Resamples on which the metric was undefined. */
  skipped: number;
  /** Standard deviation of the resampled values. */
  standardError: number;
}

/** A metric of true labels and per-example predictions (labels or probability rows). */
export type MetricFn<P> = (yTrue: number[], predictions: P[]) => number;

/** Quantile q in [0, 1] of ascending-sorted values, linear interpolation (numpy default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty list');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function evaluate(statistic: (indices: readonly number[]) => number, indices: readonly number[]): number {
  try {
    return statistic(indices);
  } catch (err) {
    if (err instanceof DataError) return NaN;
    throw err;
  }
}

/**
 * Bootstrap of a statistic of index sets over n examples; the building block
 * of the helpers below. `statistic` receives the resampled indices.
 * @throws ConfigError on bad options; DataError when n < 1 or every resample is undefined.
 */
export function bootstrapStatistic(
  n: number,
  statistic: (indices: readonly number[]) => number,
  options: BootstrapOptions,
): ConfidenceInterval {
  return runSteps(bootstrapStatisticSteps(n, statistic, options));
}

/** {@link bootstrapStatistic} in chunks of `options.yieldEvery` resamples (see lib/core/progress.ts). */
export function* bootstrapStatisticSteps(
  n: number,
  statistic: (indices: readonly number[]) => number,
  options: BootstrapOptions,
): Steps<ConfidenceInterval> {
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(n) || n < 1) throw new DataError(`bootstrap needs at least one example; got n = ${n}`);
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new ConfigError(`resamples = ${resamples}: use a positive integer (1000 is usual)`);
  if (!(confidence > 0 && confidence < 1))
    throw new ConfigError(`confidence = ${confidence}: use a value in (0, 1), e.g. 0.95`);
  const identity = Array.from({ length: n }, (_, i) => i);
  const estimate = statistic(identity);
  const rng = createRng(options.seed);
  const values: number[] = [];
  const indices = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) indices[i] = rng.int(n);
    const v = evaluate(statistic, indices);
    if (Number.isFinite(v)) values.push(v);
    if (shouldYield(r + 1, resamples, options.yieldEvery ?? DEFAULT_YIELD_EVERY))
      yield { stage: options.stage ?? 'bootstrap', done: r + 1, total: resamples };
  }
  if (values.length === 0)
    throw new DataError(
      `the metric was undefined on all ${resamples} bootstrap resamples (e.g. a single class); use a larger test split`,
    );
  values.sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  const alpha = (1 - confidence) / 2;
  return {
    estimate,
    lower: quantileSorted(values, alpha),
    upper: quantileSorted(values, 1 - alpha),
    confidence,
    resamples: values.length,
    skipped: resamples - values.length,
    standardError: Math.sqrt(variance),
  };
}

function pick<T>(xs: readonly T[], indices: readonly number[]): T[] {
  return indices.map((i) => xs[i]);
}

function checkLengths(yTrue: readonly number[], ...predictions: readonly unknown[][]): void {
  for (const p of predictions) {
    if (p.length !== yTrue.length)
      throw new DataError(`yTrue (${yTrue.length}) and predictions (${p.length}) differ in length`);
  }
}

/** Percentile-bootstrap interval of `metric(yTrue, predictions)`. */
export function bootstrapMetric<P>(
  yTrue: readonly number[],
  predictions: readonly P[],
  metric: MetricFn<P>,
  options: BootstrapOptions,
): ConfidenceInterval {
  return runSteps(bootstrapMetricSteps(yTrue, predictions, metric, options));
}

/** {@link bootstrapMetric} in chunks (see lib/core/progress.ts). */
export function* bootstrapMetricSteps<P>(
  yTrue: readonly number[],
  predictions: readonly P[],
  metric: MetricFn<P>,
  options: BootstrapOptions,
): Steps<ConfidenceInterval> {
  checkLengths(yTrue, predictions as unknown[]);
  return yield* bootstrapStatisticSteps(yTrue.length, (ix) => metric(pick(yTrue, ix), pick(predictions, ix)), options);
}

/** Paired bootstrap interval of metric(A) - metric(B) on the same resampled examples. */
export function pairedBootstrapDifference<P>(
  yTrue: readonly number[],
  predictionsA: readonly P[],
  predictionsB: readonly P[],
  metric: MetricFn<P>,
  options: BootstrapOptions,
): ConfidenceInterval {
  return runSteps(pairedBootstrapDifferenceSteps(yTrue, predictionsA, predictionsB, metric, options));
}

/** {@link pairedBootstrapDifference} in chunks (see lib/core/progress.ts). */
export function* pairedBootstrapDifferenceSteps<P>(
  yTrue: readonly number[],
  predictionsA: readonly P[],
  predictionsB: readonly P[],
  metric: MetricFn<P>,
  options: BootstrapOptions,
): Steps<ConfidenceInterval> {
  checkLengths(yTrue, predictionsA as unknown[], predictionsB as unknown[]);
  return yield* bootstrapStatisticSteps(
    yTrue.length,
    (ix) => {
      const y = pick(yTrue, ix);
      return metric(y, pick(predictionsA, ix)) - metric(y, pick(predictionsB, ix));
    },
    options,
  );
}
