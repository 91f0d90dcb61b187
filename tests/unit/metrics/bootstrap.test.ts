import { createRng } from '../../../lib/core/rng';
import { accuracy } from '../../../lib/metrics/classification';
import { bootstrapMetric, pairedBootstrapDifference, quantileSorted } from '../../../lib/metrics/bootstrap';
import { rocAuc } from '../../../lib/metrics/curves';

function noisyLabels(n: number, errorRate: number, seed: number): { yTrue: number[]; yPred: number[] } {
  const rng = createRng(seed);
  const yTrue = Array.from({ length: n }, () => rng.int(2));
  return { yTrue, yPred: yTrue.map((y) => (rng.next() < errorRate ? 1 - y : y)) };
}

test('quantiles interpolate linearly like numpy', () => {
  expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
  expect(quantileSorted([7], 0.9)).toBe(7);
});

test('the interval is seeded, brackets the estimate and narrows with more data', () => {
  const small = noisyLabels(100, 0.2, 1);
  const a = bootstrapMetric(small.yTrue, small.yPred, accuracy, { seed: 3, resamples: 400 });
  expect(bootstrapMetric(small.yTrue, small.yPred, accuracy, { seed: 3, resamples: 400 })).toEqual(a);
  expect(bootstrapMetric(small.yTrue, small.yPred, accuracy, { seed: 4, resamples: 400 })).not.toEqual(a);
  expect(a.estimate).toBe(accuracy(small.yTrue, small.yPred));
  expect(a.lower).toBeLessThan(a.estimate);
  expect(a.upper).toBeGreaterThan(a.estimate);
  const big = noisyLabels(2000, 0.2, 2);
  const b = bootstrapMetric(big.yTrue, big.yPred, accuracy, { seed: 3, resamples: 400 });
  expect(b.upper - b.lower).toBeLessThan((a.upper - a.lower) / 2);
  // Binomial standard error sqrt(p(1-p)/n) = 0.04 for n = 100, p = 0.8.
  expect(a.standardError).toBeGreaterThan(0.03);
  expect(a.standardError).toBeLessThan(0.05);
});

test('resamples where the metric is undefined are skipped and counted', () => {
  const ci = bootstrapMetric([0, 1, 1], [0.2, 0.7, 0.9], rocAuc, { seed: 1, resamples: 200 });
  expect(ci.skipped).toBeGreaterThan(0);
  expect(ci.resamples + ci.skipped).toBe(200);
  expect(() => bootstrapMetric([1], [0.5], rocAuc, { seed: 1, resamples: 10 })).toThrow();
});

test('paired difference of a system with itself is exactly 0; of a better one excludes 0', () => {
  const { yTrue, yPred } = noisyLabels(500, 0.3, 5);
  const same = pairedBootstrapDifference(yTrue, yPred, yPred, accuracy, { seed: 9, resamples: 200 });
  expect([same.lower, same.upper]).toEqual([0, 0]);
  const better = yTrue.map((y, i) => (i % 2 === 0 ? y : yPred[i]));
  const diff = pairedBootstrapDifference(yTrue, better, yPred, accuracy, { seed: 9, resamples: 200 });
  expect(diff.lower).toBeGreaterThan(0);
});

test('bad options are rejected with the fix', () => {
  expect(() => bootstrapMetric([0], [0], accuracy, { seed: 1, confidence: 95 })).toThrow(/e.g. 0.95/);
  expect(() => bootstrapMetric([0, 1], [0], accuracy, { seed: 1 })).toThrow(/differ in length/);
});
