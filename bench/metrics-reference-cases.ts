/**
 * Shared by bench/metrics-vs-sklearn.ts and tests/unit/metrics/sklearn-reference.test.ts:
 * seeded random metric inputs (binary and 4-class, with deliberate score ties,
 * exact 0/1 probabilities and a class never predicted), our value of every
 * metric on them under the same keys bench/sklearn_reference.py writes, and a
 * comparison that reports the max absolute difference per metric.
 */
import { createRng, type Rng } from '../lib/core/rng';
import { accuracy, argmaxRows, confusionMatrix, logLoss, perClassScores } from '../lib/metrics/classification';
import { precisionRecallF1 } from '../lib/metrics/classification-report';
import {
  averagePrecision,
  averagePrecisionOvr,
  precisionRecallCurve,
  rocAuc,
  rocAucOvr,
  rocCurve,
} from '../lib/metrics/curves';
import { binaryEce, expectedCalibrationError, reliabilityCurve, topLabelConfidence } from '../lib/metrics/calibration';
import { perplexity } from '../lib/metrics/perplexity';

/** One input case; JSON-serializable (doubles survive the JSON round trip exactly). */
export interface MetricCase {
  name: string;
  numClasses: number;
  yTrue: number[];
  /** Labels to score (not always the argmax, so a class can go unpredicted). */
  yPred: number[];
  probabilities: number[][];
  nBins: number;
  /** Per-sequence token log-likelihoods for perplexity. */
  tokenLogLikelihoods: number[][];
}

export type MetricValues = Record<string, number | number[] | number[][]>;

/** Per-metric agreement figure. */
export interface MetricDiff {
  metric: string;
  maxAbsDiff: number;
  /** Set when shapes differ or a non-finite value disagrees. */
  problem?: string;
}

function binaryCase(rng: Rng, name: string, n: number): MetricCase {
  const yTrue: number[] = [];
  const probabilities: number[][] = [];
  for (let i = 0; i < n; i++) {
    const y = rng.next() < 0.4 ? 1 : 0;
    // Scores on a 0.05 grid -> many ties; exact 0 and 1 occur (log-loss clipping).
    const s = Math.min(1, Math.max(0, Math.round((0.5 + (y ? 0.2 : -0.2) + (rng.next() - 0.5) * 0.9) * 20) / 20));
    yTrue.push(y);
    probabilities.push([1 - s, s]);
  }
  const yPred = probabilities.map((p) => (p[1] >= 0.5 ? 1 : 0));
  return { name, numClasses: 2, yTrue, yPred, probabilities, nBins: 10, tokenLogLikelihoods: tokens(rng) };
}

function softmax(logits: number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function multiCase(rng: Rng, name: string, n: number, dropClass: boolean): MetricCase {
  const K = 4;
  const yTrue: number[] = [];
  const probabilities: number[][] = [];
  for (let i = 0; i < n; i++) {
    const y = i < K ? i : rng.int(K); // every class occurs (OvR AUC is defined)
    // Integer logits in 0..3 (+2 on the true class) -> many identical rows, so ties.
    const logits = Array.from({ length: K }, (_, c) => rng.int(4) + (c === y ? 2 : 0));
    yTrue.push(y);
    probabilities.push(softmax(logits));
  }
  const argmax = argmaxRows(probabilities);
  const yPred = dropClass ? argmax.map((p) => (p === K - 1 ? 0 : p)) : argmax;
  return { name, numClasses: K, yTrue, yPred, probabilities, nBins: 15, tokenLogLikelihoods: tokens(rng) };
}

function tokens(rng: Rng): number[][] {
  return Array.from({ length: 5 }, () =>
    Array.from({ length: 3 + rng.int(20) }, () => Math.log(1e-4 + rng.next() * 0.9999)),
  );
}

/** The seeded cases: 3 binary, 3 four-class (one with a class never predicted). */
export function referenceCases(seed: number, sizes: { binary: number[]; multi: number[] }): MetricCase[] {
  const rng = createRng(seed);
  const cases: MetricCase[] = [];
  sizes.binary.forEach((n, i) => cases.push(binaryCase(rng.fork(`binary-${i}`), `binary-${n}-${i}`, n)));
  sizes.multi.forEach((n, i) => cases.push(multiCase(rng.fork(`multi-${i}`), `multi4-${n}-${i}`, n, i === 0)));
  return cases;
}

function labelMetrics(c: MetricCase): MetricValues {
  const pc = perClassScores(c.yTrue, c.yPred, c.numClasses);
  const out: MetricValues = {
    accuracy: accuracy(c.yTrue, c.yPred),
    confusion: confusionMatrix(c.yTrue, c.yPred, c.numClasses),
    precision_per_class: pc.precision,
    recall_per_class: pc.recall,
    f1_per_class: pc.f1,
    support: pc.support,
    log_loss: logLoss(c.yTrue, c.probabilities),
  };
  for (const avg of ['macro', 'micro', 'weighted'] as const) {
    const s = precisionRecallF1(c.yTrue, c.yPred, c.numClasses, avg);
    out[`precision_${avg}`] = s.precision;
    out[`recall_${avg}`] = s.recall;
    out[`f1_${avg}`] = s.f1;
  }
  return out;
}

function curveMetrics(c: MetricCase): MetricValues {
  if (c.numClasses === 2) {
    const s = c.probabilities.map((p) => p[1]);
    const roc = rocCurve(c.yTrue, s);
    const pr = precisionRecallCurve(c.yTrue, s);
    const rel = reliabilityCurve(c.yTrue, s, c.nBins);
    return {
      roc_fpr: roc.fpr,
      roc_tpr: roc.tpr,
      roc_thresholds: roc.thresholds,
      roc_auc: rocAuc(c.yTrue, s),
      pr_precision: pr.precision,
      pr_recall: pr.recall,
      pr_thresholds: pr.thresholds,
      average_precision: averagePrecision(c.yTrue, s),
      calibration_prob_true: rel.map((b) => b.fractionPositive),
      calibration_prob_pred: rel.map((b) => b.meanPredicted),
      ece_binary: binaryEce(c.yTrue, s, c.nBins),
    };
  }
  return {
    roc_auc_ovr_macro: rocAucOvr(c.yTrue, c.probabilities, c.numClasses, 'macro'),
    roc_auc_ovr_weighted: rocAucOvr(c.yTrue, c.probabilities, c.numClasses, 'weighted'),
    average_precision_macro: averagePrecisionOvr(c.yTrue, c.probabilities, c.numClasses, 'macro'),
    average_precision_weighted: averagePrecisionOvr(c.yTrue, c.probabilities, c.numClasses, 'weighted'),
  };
}

/** Our value of every metric for one case, keyed like bench/sklearn_reference.py's output. */
export function computeOurs(c: MetricCase): MetricValues {
  const { confidence, correct } = topLabelConfidence(c.yTrue, c.probabilities);
  const top = reliabilityCurve(correct, confidence, c.nBins);
  return {
    ...labelMetrics(c),
    ...curveMetrics(c),
    top_label_prob_true: top.map((b) => b.fractionPositive),
    top_label_prob_pred: top.map((b) => b.meanPredicted),
    ece_top_label: expectedCalibrationError(c.yTrue, c.probabilities, c.nBins),
    perplexity: perplexity(c.tokenLogLikelihoods).perplexity,
  };
}

function flat(v: number | number[] | number[][]): number[] {
  return typeof v === 'number' ? [v] : (v as (number | number[])[]).flat();
}

/** Max |ours - reference| per metric over all cases; missing keys and shape mismatches are problems. */
export function compareAll(ours: MetricValues[], reference: MetricValues[]): MetricDiff[] {
  const byMetric = new Map<string, MetricDiff>();
  ours.forEach((o, i) => {
    const ref = reference[i];
    for (const key of new Set([...Object.keys(o), ...Object.keys(ref)])) {
      const d = byMetric.get(key) ?? { metric: key, maxAbsDiff: 0 };
      byMetric.set(key, d);
      if (!(key in o) || !(key in ref)) {
        d.problem = `missing on one side in case #${i}`;
        continue;
      }
      const a = flat(o[key]);
      const b = flat(ref[key]);
      if (a.length !== b.length) {
        d.problem = `length ${a.length} vs ${b.length} in case #${i}`;
        continue;
      }
      a.forEach((x, j) => {
        if (!Number.isFinite(x) || !Number.isFinite(b[j])) {
          if (x !== b[j]) d.problem = `${x} vs ${b[j]} at [${j}] in case #${i}`;
          return;
        }
        d.maxAbsDiff = Math.max(d.maxAbsDiff, Math.abs(x - b[j]));
      });
    }
  });
  return [...byMetric.values()].sort((x, y) => x.metric.localeCompare(y.metric));
}

/** JSON.parse for the Python output, which writes non-finite floats as the strings "inf", "-inf", "nan". */
export function parseReferenceJson<T>(text: string): T {
  const special: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN };
  return JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' && v in special ? special[v] : v)) as T;
}

/** JSON.stringify that writes non-finite numbers as "inf" / "-inf" / "nan" (inverse of {@link parseReferenceJson}). */
export function stringifyReferenceJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf') : v,
  );
}
