/**
 * lib/metrics agrees with scikit-learn to 1e-6 on the committed fixture
 * tests/fixtures/sklearn-reference.json (seeded random binary and 4-class
 * inputs with score ties, exact 0/1 probabilities and a never-predicted class,
 * plus the values scikit-learn 1.6.1 computed for them), so CI checks the
 * agreement without Python.
 *
 * Regenerate the fixture (creates out/.venv-sklearn with the pinned
 * scikit-learn once, then runs bench/sklearn_reference.py):
 *
 *   npx tsx bench/metrics-vs-sklearn.ts --write-fixture
 *
 * The same comparison on larger fresh inputs: `npx tsx bench/metrics-vs-sklearn.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compareAll,
  computeOurs,
  parseReferenceJson,
  referenceCases,
  type MetricCase,
  type MetricValues,
} from '../../../bench/metrics-reference-cases';

interface Fixture {
  seed: number;
  sizes: { binary: number[]; multi: number[] };
  versions: Record<string, string>;
  cases: MetricCase[];
  reference: MetricValues[];
}

const fixture = parseReferenceJson<Fixture>(
  readFileSync(join(__dirname, '../../fixtures/sklearn-reference.json'), 'utf8'),
);

test('the fixture inputs are exactly what the seeded generator produces (no stale fixture)', () => {
  expect(referenceCases(fixture.seed, fixture.sizes)).toEqual(fixture.cases);
});

test('the fixture exercises ties, exact 0/1 probabilities and an unpredicted class', () => {
  const binary = fixture.cases.filter((c) => c.numClasses === 2);
  const scores = binary.flatMap((c) => c.probabilities.map((p) => p[1]));
  expect(new Set(scores).size).toBeLessThan(scores.length / 5);
  expect(scores).toContain(0);
  expect(scores).toContain(1);
  const multi = fixture.cases.find((c) => c.numClasses === 4)!;
  expect(multi.yPred).not.toContain(3);
  expect(multi.yTrue).toContain(3);
});

test.each(['accuracy', 'f1_macro', 'roc_auc', 'roc_auc_ovr_macro', 'average_precision', 'ece_top_label', 'log_loss'])(
  'fixture covers %s',
  (metric) => expect(fixture.reference.some((r) => metric in r)).toBe(true),
);

test('every metric agrees with scikit-learn within 1e-6', () => {
  const diffs = compareAll(fixture.cases.map(computeOurs), fixture.reference);
  const bad = diffs.filter((d) => d.problem || d.maxAbsDiff > 1e-6);
  expect(bad).toEqual([]);
  expect(diffs.length).toBeGreaterThanOrEqual(30);
});
