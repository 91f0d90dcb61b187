/**
 * Averaged precision / recall / F1 and a sklearn-style classification report,
 * over integer class indices 0..numClasses-1.
 *
 * Conventions (identical to scikit-learn's `precision_recall_fscore_support`
 * with `labels=range(numClasses)` and `zero_division=0`):
 *  - 'macro': unweighted mean over all `numClasses` classes, including classes
 *    absent from both yTrue and yPred (they score 0);
 *  - 'weighted': mean weighted by support (true count); 0 when there is no support;
 *  - 'micro': global TP / FP / FN counts. For single-label multi-class data
 *    micro precision = micro recall = micro F1 = accuracy.
 * Pure functions; inputs are not modified.
 */
import { DataError } from '../core/errors';
import { accuracy, confusionMatrix, perClassScores } from './classification';

/** How per-class scores are combined into one number. */
export type Average = 'macro' | 'micro' | 'weighted';

/** Precision, recall and F1 under one averaging rule. */
export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
}

/** One row of {@link ClassificationReport.perClass}. */
export interface ClassReportRow {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** The whole report: per class, accuracy and the three averages. */
export interface ClassificationReport {
  perClass: ClassReportRow[];
  accuracy: number;
  macro: AveragedScores;
  micro: AveragedScores;
  weighted: AveragedScores;
  /** Number of examples. */
  support: number;
  confusion: number[][];
}

/** Throws a clear error when labels are not integers in [0, numClasses). */
export function assertLabels(name: string, labels: readonly number[], numClasses: number): void {
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) {
      throw new DataError(
        `${name}[${i}] = ${y} is not a class index in [0, ${numClasses}); map labels to 0..${numClasses - 1} first`,
      );
    }
  }
}

function f1Of(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

function microScores(cm: number[][]): AveragedScores {
  let tp = 0;
  let total = 0;
  for (let t = 0; t < cm.length; t++) {
    for (let p = 0; p < cm.length; p++) {
      total += cm[t][p];
      if (t === p) tp += cm[t][p];
    }
  }
  // Single-label: every error is one FP (for the predicted class) and one FN
  // (for the true class), so micro precision = micro recall = tp / total.
  const v = total === 0 ? 0 : tp / total;
  return { precision: v, recall: v, f1: f1Of(v, v) };
}

/**
 * Precision, recall and F1 averaged by `average` (see the module comment).
 * @throws DataError when lengths differ or a label is outside [0, numClasses).
 */
export function precisionRecallF1(
  yTrue: readonly number[],
  yPred: readonly number[],
  numClasses: number,
  average: Average,
): AveragedScores {
  assertLabels('yTrue', yTrue, numClasses);
  assertLabels('yPred', yPred, numClasses);
  if (average === 'micro') return microScores(confusionMatrix(yTrue, yPred, numClasses));
  const s = perClassScores(yTrue, yPred, numClasses);
  const totalSupport = s.support.reduce((a, b) => a + b, 0);
  const w = s.support.map((n) => (average === 'macro' ? 1 / numClasses : totalSupport === 0 ? 0 : n / totalSupport));
  const dot = (xs: number[]): number => xs.reduce((acc, x, c) => acc + x * w[c], 0);
  return { precision: dot(s.precision), recall: dot(s.recall), f1: dot(s.f1) };
}

/** F1 under one averaging rule; shorthand for `precisionRecallF1(...).f1`. */
export function f1Score(
  yTrue: readonly number[],
  yPred: readonly number[],
  numClasses: number,
  average: Average,
): number {
  return precisionRecallF1(yTrue, yPred, numClasses, average).f1;
}

/**
 * Per-class precision / recall / F1 / support plus accuracy and the macro,
 * micro and weighted averages, like sklearn's `classification_report(output_dict=True)`.
 * `labelNames[c]` names class c (defaults to the index as a string).
 * @throws DataError on length mismatch, bad labels, or a `labelNames` of the wrong length.
 */
export function classificationReport(
  yTrue: readonly number[],
  yPred: readonly number[],
  numClasses: number,
  labelNames?: readonly string[],
): ClassificationReport {
  if (yTrue.length !== yPred.length)
    throw new DataError(`yTrue (${yTrue.length}) and yPred (${yPred.length}) differ in length`);
  if (labelNames && labelNames.length !== numClasses) {
    throw new DataError(`labelNames has ${labelNames.length} names for ${numClasses} classes; pass one name per class`);
  }
  const s = perClassScores(yTrue, yPred, numClasses);
  return {
    perClass: s.f1.map((f1, c) => ({
      label: labelNames?.[c] ?? String(c),
      precision: s.precision[c],
      recall: s.recall[c],
      f1,
      support: s.support[c],
    })),
    accuracy: accuracy(yTrue, yPred),
    macro: precisionRecallF1(yTrue, yPred, numClasses, 'macro'),
    micro: precisionRecallF1(yTrue, yPred, numClasses, 'micro'),
    weighted: precisionRecallF1(yTrue, yPred, numClasses, 'weighted'),
    support: yTrue.length,
    confusion: confusionMatrix(yTrue, yPred, numClasses),
  };
}
