/**
 * ROC and precision-recall curves, ROC AUC and average precision, with
 * scikit-learn's exact semantics so values agree to floating-point rounding:
 *
 *  - Ties: examples with equal scores form ONE threshold (one curve point);
 *    thresholds are the distinct scores, highest first (sklearn's `_binary_clf_curve`).
 *  - {@link rocCurve} keeps every distinct threshold, i.e. sklearn's
 *    `roc_curve(..., drop_intermediate=False)`, with the (0, 0) point and
 *    threshold `Infinity` prepended. Dropping collinear points changes the plot
 *    size, never the area, so {@link rocAuc} equals sklearn's `roc_auc_score`.
 *  - {@link precisionRecallCurve} is `precision_recall_curve(drop_intermediate=False)`:
 *    recall decreasing, ending with the (recall 0, precision 1) point that has no threshold.
 *  - {@link averagePrecision} is sklearn's step-wise AP, sum_n (R_n - R_{n-1}) P_n,
 *    NOT the trapezoidal area (which is optimistic on PR curves).
 *
 * Binary inputs: `yTrue` holds 0/1 (1 = positive) and `scores` any finite
 * numbers, higher meaning "more positive". Multi-class: one-vs-rest per class
 * on the class-probability column. Pure; inputs are not modified.
 */
import { DataError } from '../core/errors';

/** The ROC curve: fpr/tpr/thresholds have equal lengths; thresholds[0] = Infinity. */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

/** The PR curve: precision/recall have one more point than thresholds (ascending). */
export interface PrCurve {
  precision: number[];
  recall: number[];
  thresholds: number[];
}

interface ClfCounts {
  fps: number[];
  tps: number[];
  thresholds: number[];
}

function checkBinary(yTrue: readonly number[], scores: readonly number[]): void {
  if (yTrue.length !== scores.length)
    throw new DataError(`yTrue (${yTrue.length}) and scores (${scores.length}) differ in length`);
  if (yTrue.length === 0) throw new DataError('curve metrics need at least one example; got an empty yTrue');
  for (let i = 0; i < yTrue.length; i++) {
    if (yTrue[i] !== 0 && yTrue[i] !== 1)
      throw new DataError(`yTrue[${i}] = ${yTrue[i]}: binary curves need 0/1 labels (1 = positive)`);
    if (!Number.isFinite(scores[i])) throw new DataError(`scores[${i}] = ${scores[i]} is not a finite number`);
  }
}

/** Cumulative TP / FP counts at each distinct score, highest score first. */
function binaryClfCounts(yTrue: readonly number[], scores: readonly number[]): ClfCounts {
  checkBinary(yTrue, scores);
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < order.length; k++) {
    tp += yTrue[order[k]];
    const last = k === order.length - 1;
    if (last || scores[order[k + 1]] !== scores[order[k]]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(scores[order[k]]);
    }
  }
  return { fps, tps, thresholds };
}

/**
 * ROC curve with every distinct threshold kept (sklearn `drop_intermediate=False`).
 * @throws DataError when yTrue holds only one class (fpr or tpr would be 0/0).
 */
export function rocCurve(yTrue: readonly number[], scores: readonly number[]): RocCurve {
  const { fps, tps, thresholds } = binaryClfCounts(yTrue, scores);
  const P = tps[tps.length - 1];
  const N = fps[fps.length - 1];
  if (P === 0 || N === 0) {
    throw new DataError(
      `ROC is undefined when yTrue has only one class (${P} positives, ${N} negatives); evaluate on a split with both classes`,
    );
  }
  return {
    fpr: [0, ...fps.map((f) => f / N)],
    tpr: [0, ...tps.map((t) => t / P)],
    thresholds: [Infinity, ...thresholds],
  };
}

/** Trapezoidal area under a curve given by x (monotone) and y, like sklearn's `auc`. */
export function trapezoidArea(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

/**
 * Binary ROC AUC (= sklearn `roc_auc_score`): the probability that a random
 * positive scores above a random negative, ties counting one half.
 * @throws DataError when yTrue holds only one class.
 */
export function rocAuc(yTrue: readonly number[], scores: readonly number[]): number {
  const { fpr, tpr } = rocCurve(yTrue, scores);
  return trapezoidArea(fpr, tpr);
}

/**
 * Precision-recall curve (sklearn `precision_recall_curve`, drop_intermediate=False).
 * @throws DataError when yTrue has no positive example (recall would be 0/0).
 */
export function precisionRecallCurve(yTrue: readonly number[], scores: readonly number[]): PrCurve {
  const { fps, tps, thresholds } = binaryClfCounts(yTrue, scores);
  const P = tps[tps.length - 1];
  if (P === 0)
    throw new DataError(
      'precision-recall is undefined when yTrue has no positive example; evaluate on a split that has positives',
    );
  const precision = tps.map((t, i) => t / (t + fps[i])).reverse();
  const recall = tps.map((t) => t / P).reverse();
  return { precision: [...precision, 1], recall: [...recall, 0], thresholds: thresholds.slice().reverse() };
}

/**
 * Step-wise average precision (sklearn `average_precision_score`, binary).
 * @throws DataError when yTrue has no positive example.
 */
export function averagePrecision(yTrue: readonly number[], scores: readonly number[]): number {
  const { precision, recall } = precisionRecallCurve(yTrue, scores);
  let ap = 0;
  for (let i = 0; i < recall.length - 1; i++) ap += (recall[i] - recall[i + 1]) * precision[i];
  return ap;
}

/** How one-vs-rest per-class values are combined. */
export type OvrAverage = 'macro' | 'weighted';

/** The binary 0/1 labels "is class c" and the class-c probability column. */
export function oneVsRest(
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  c: number,
): { y: number[]; s: number[] } {
  if (yTrue.length !== probabilities.length)
    throw new DataError(`yTrue (${yTrue.length}) and probabilities (${probabilities.length}) differ in length`);
  return { y: yTrue.map((t) => (t === c ? 1 : 0)), s: probabilities.map((row) => row[c]) };
}

function ovrAverage(
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  numClasses: number,
  average: OvrAverage,
  binary: (y: number[], s: number[]) => number,
): number {
  let total = 0;
  let weightSum = 0;
  for (let c = 0; c < numClasses; c++) {
    const { y, s } = oneVsRest(yTrue, probabilities, c);
    const support = y.reduce((a, b) => a + b, 0);
    const w = average === 'macro' ? 1 : support;
    total += w * binary(y, s);
    weightSum += w;
  }
  return total / weightSum;
}

/**
 * One-vs-rest ROC AUC over `numClasses` probability columns, averaged
 * unweighted ('macro') or by class prevalence ('weighted'); equals sklearn
 * `roc_auc_score(y, P, multi_class='ovr', average=...)` when every class occurs.
 * @throws DataError when some class never occurs in yTrue (its AUC is undefined).
 */
export function rocAucOvr(
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  numClasses: number,
  average: OvrAverage = 'macro',
): number {
  return ovrAverage(yTrue, probabilities, numClasses, average, rocAuc);
}

/**
 * One-vs-rest average precision (sklearn `average_precision_score(y, P, average=...)`
 * with multi-class y, which binarizes it).
 * @throws DataError when some class never occurs in yTrue.
 */
export function averagePrecisionOvr(
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  numClasses: number,
  average: OvrAverage = 'macro',
): number {
  return ovrAverage(yTrue, probabilities, numClasses, average, averagePrecision);
}
