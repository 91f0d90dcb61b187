/**
 * Everything the report shows about one model's predictions on a split:
 * headline numbers, the per-class report and confusion matrix, one-vs-rest
 * ROC / PR curves with AUC / AP, the top-label reliability curve with ECE, and
 * log loss. Curves are downsampled to at most {@link MAX_CURVE_POINTS} points
 * for the summary's size; AUC and AP are computed on the full curves. Pure.
 */
import { argmaxRows, logLoss } from '../metrics/classification';
import { classificationReport, type ClassificationReport } from '../metrics/classification-report';
import { averagePrecision, oneVsRest, precisionRecallCurve, rocAuc, rocCurve } from '../metrics/curves';
import { eceFromBins, topLabelReliability, type ReliabilityBin } from '../metrics/calibration';
import { DEFAULT_YIELD_EVERY, runSteps, shouldYield, type Steps } from '../core/progress';

/** Points kept per curve in summary.json and the charts. */
export const MAX_CURVE_POINTS = 200;

/** One class's one-vs-rest curves; absent when the class does not occur in the split. */
export interface ClassCurves {
  label: string;
  auc: number;
  ap: number;
  roc: { fpr: number[]; tpr: number[] };
  pr: { recall: number[]; precision: number[] };
}

/** Test metrics of one model (a single trial or an ensemble). */
export interface ModelMetrics {
  id: string;
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  logLoss: number;
  ece: number;
  /** Mean one-vs-rest AUC / AP over the classes that occur. */
  macroAuc: number;
  macroAp: number;
  report: ClassificationReport;
  curves: ClassCurves[];
  reliability: ReliabilityBin[];
}

/**
 * Keeps at most `max` evenly spaced indices of a curve, always the first and
 * the last point, so the plotted shape and end points are preserved.
 */
export function downsampleIndices(length: number, max = MAX_CURVE_POINTS): number[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  const step = (length - 1) / (max - 1);
  const out = new Set<number>();
  for (let i = 0; i < max; i++) out.add(Math.round(i * step));
  return [...out].sort((a, b) => a - b);
}

const pickAt = (xs: readonly number[], ix: readonly number[]): number[] => ix.map((i) => xs[i]);

function classCurves(
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  c: number,
  label: string,
): ClassCurves | undefined {
  const { y, s } = oneVsRest(yTrue, probabilities, c);
  const positives = y.reduce((a, b) => a + b, 0);
  if (positives === 0 || positives === y.length) return undefined;
  const roc = rocCurve(y, s);
  const pr = precisionRecallCurve(y, s);
  const ri = downsampleIndices(roc.fpr.length);
  const pi = downsampleIndices(pr.recall.length);
  return {
    label,
    auc: rocAuc(y, s),
    ap: averagePrecision(y, s),
    roc: { fpr: pickAt(roc.fpr, ri), tpr: pickAt(roc.tpr, ri) },
    pr: { recall: pickAt(pr.recall, pi), precision: pickAt(pr.precision, pi) },
  };
}

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/**
 * Metrics of `probabilities` (rows = examples, columns = `labels`) against
 * class indices `yTrue`.
 * @throws DataError on length mismatch or labels outside the classes.
 */
export function modelMetrics(
  id: string,
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  labels: readonly string[],
  calibrationBins = 10,
): ModelMetrics {
  return runSteps(modelMetricsSteps(id, yTrue, probabilities, labels, calibrationBins));
}

/** {@link modelMetrics} with the per-class curves in chunks of `yieldEvery` classes (stage `curves:<id>`). */
export function* modelMetricsSteps(
  id: string,
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  labels: readonly string[],
  calibrationBins = 10,
  yieldEvery = DEFAULT_YIELD_EVERY,
): Steps<ModelMetrics> {
  const yPred = argmaxRows(probabilities);
  const report = classificationReport(yTrue, yPred, labels.length, labels);
  const curves: ClassCurves[] = [];
  for (let c = 0; c < labels.length; c++) {
    const cc = classCurves(yTrue, probabilities, c, labels[c]);
    if (cc) curves.push(cc);
    if (shouldYield(c + 1, labels.length, yieldEvery))
      yield { stage: `curves:${id}`, done: c + 1, total: labels.length };
  }
  const reliability = topLabelReliability(yTrue, probabilities, calibrationBins);
  return {
    id,
    accuracy: report.accuracy,
    macroF1: report.macro.f1,
    weightedF1: report.weighted.f1,
    logLoss: logLoss(yTrue, probabilities),
    ece: eceFromBins(reliability),
    macroAuc: mean(curves.map((c) => c.auc)),
    macroAp: mean(curves.map((c) => c.ap)),
    report,
    curves,
    reliability,
  };
}

/** The few numbers that cross workflow payloads and head the report. */
export type HeadlineMetrics = Pick<
  ModelMetrics,
  'id' | 'accuracy' | 'macroF1' | 'weightedF1' | 'logLoss' | 'ece' | 'macroAuc'
>;

/** Drops curves and tables, keeping {@link HeadlineMetrics}. */
export function headline(m: ModelMetrics): HeadlineMetrics {
  return {
    id: m.id,
    accuracy: m.accuracy,
    macroF1: m.macroF1,
    weightedF1: m.weightedF1,
    logLoss: m.logLoss,
    ece: m.ece,
    macroAuc: m.macroAuc,
  };
}
