import { DataError } from '../../../lib/core/errors';
import {
  binaryEce,
  expectedCalibrationError,
  reliabilityCurve,
  uniformBinIndex,
} from '../../../lib/metrics/calibration';
import { classificationReport, precisionRecallF1 } from '../../../lib/metrics/classification-report';
import { averagePrecision, precisionRecallCurve, rocAuc, rocAucOvr, rocCurve } from '../../../lib/metrics/curves';
import { perplexity, perplexityFromMeanNll } from '../../../lib/metrics/perplexity';

// The example from scikit-learn's roc_curve / precision_recall_curve docs.
const y = [0, 0, 1, 1];
const s = [0.1, 0.4, 0.35, 0.8];

test('ROC curve keeps every distinct threshold and starts at (0,0, Infinity)', () => {
  expect(rocCurve(y, s)).toEqual({
    fpr: [0, 0, 0.5, 0.5, 1],
    tpr: [0, 0.5, 0.5, 1, 1],
    thresholds: [Infinity, 0.8, 0.4, 0.35, 0.1],
  });
  expect(rocAuc(y, s)).toBeCloseTo(0.75, 12);
});

test('tied scores form one threshold and count one half in AUC', () => {
  expect(rocAuc([0, 1], [0.5, 0.5])).toBeCloseTo(0.5, 12);
  expect(rocCurve([0, 1, 1], [0.2, 0.2, 0.9]).thresholds).toEqual([Infinity, 0.9, 0.2]);
});

test('PR curve and step-wise average precision match the documented example', () => {
  const pr = precisionRecallCurve(y, s);
  expect(pr.recall).toEqual([1, 1, 0.5, 0.5, 0]);
  expect(pr.precision.map((v) => +v.toFixed(6))).toEqual([0.5, 0.666667, 0.5, 1, 1]);
  expect(pr.thresholds).toEqual([0.1, 0.35, 0.4, 0.8]);
  expect(averagePrecision(y, s)).toBeCloseTo(0.5 * 1 + 0.5 * (2 / 3), 12);
});

test('undefined curves raise a DataError naming the cause', () => {
  expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(DataError);
  expect(() => averagePrecision([0, 0], [0.2, 0.3])).toThrow(/no positive/);
  expect(() => rocAuc([0, 2], [0.2, 0.3])).toThrow(/0\/1 labels/);
  expect(() =>
    rocAucOvr(
      [0, 1, 1],
      [
        [0.5, 0.3, 0.2],
        [0.1, 0.8, 0.1],
        [0.3, 0.6, 0.1],
      ],
      3,
    ),
  ).toThrow(DataError);
});

test('one-vs-rest AUC of a perfect ranking is 1', () => {
  expect(
    rocAucOvr(
      [0, 1, 2],
      [
        [0.8, 0.1, 0.1],
        [0.1, 0.8, 0.1],
        [0.1, 0.1, 0.8],
      ],
      3,
    ),
  ).toBe(1);
});

test('uniform bins follow numpy edge arithmetic (0.3 < 3 * 0.1)', () => {
  expect([0, 0.1, 0.3, 0.30000000000000004, 0.31, 1].map((p) => uniformBinIndex(p, 10))).toEqual([0, 0, 2, 2, 3, 9]);
});

test('reliability curve and ECE on hand-made predictions', () => {
  // 4 at 0.75 with 3 positive (calibrated); 2 at 0.9 with 0 positive (overconfident).
  const bins = reliabilityCurve([1, 1, 1, 0, 0, 0], [0.75, 0.75, 0.75, 0.75, 0.9, 0.9], 10);
  expect(bins.map((b) => [b.count, b.fractionPositive, b.meanPredicted])).toEqual([
    [4, 0.75, 0.75],
    [2, 0, 0.9],
  ]);
  expect(binaryEce([1, 1, 1, 0, 0, 0], [0.75, 0.75, 0.75, 0.75, 0.9, 0.9])).toBeCloseTo((2 / 6) * 0.9, 12);
  // Top-label: argmax (class 0) right in 1 of 2 rows at confidence 0.5 -> calibrated; in 0 of 2 -> ECE 0.5.
  const half = [
    [0.5, 0.5],
    [0.5, 0.5],
  ];
  expect(expectedCalibrationError([0, 1], half)).toBe(0);
  expect(expectedCalibrationError([1, 1], half)).toBeCloseTo(0.5, 12);
  expect(() => reliabilityCurve([1], [1.2])).toThrow(/outside \[0, 1\]/);
});

test('perplexity of a uniform 4-way guess is 4 (2 bits per token), pooled over sequences', () => {
  const ll = Math.log(1 / 4);
  const p = perplexity([[ll, ll], [ll]]);
  expect(p.perplexity).toBeCloseTo(4, 12);
  expect(p.bitsPerToken).toBeCloseTo(2, 12);
  expect(p.tokens).toBe(3);
  expect(perplexityFromMeanNll(Math.log(10)).perplexity).toBeCloseTo(10, 10);
  expect(() => perplexity([0.5])).toThrow(/not a log-probability/);
  expect(() => perplexity([])).toThrow(/at least one token/);
});

test('weighted, micro and macro averages and the report', () => {
  const t = [0, 0, 0, 1];
  const p = [0, 0, 1, 1];
  // class 0: P=1, R=2/3, F1=0.8; class 1: P=0.5, R=1, F1=2/3.
  expect(precisionRecallF1(t, p, 2, 'weighted').f1).toBeCloseTo(0.75 * 0.8 + 0.25 * (2 / 3), 12);
  expect(precisionRecallF1(t, p, 2, 'macro').precision).toBeCloseTo(0.75, 12);
  expect(precisionRecallF1(t, p, 2, 'micro')).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75 });
  const r = classificationReport(t, p, 2, ['neg', 'pos']);
  expect(r.perClass.map((c) => [c.label, c.support])).toEqual([
    ['neg', 3],
    ['pos', 1],
  ]);
  expect(r.accuracy).toBe(0.75);
  expect(() => precisionRecallF1([0, 5], [0, 1], 2, 'macro')).toThrow(/yTrue\[1\] = 5/);
});
