/**
 * Classification metrics over integer class indices (0..numClasses-1).
 * Pure functions; inputs are not modified. Classes absent from both y_true and
 * y_pred contribute 0 to macro averages only if present in y_true (sklearn's
 * convention with `labels` = all classes and zero_division=0).
 */

/** confusion[t][p] = number of examples of true class t predicted as p. */
export function confusionMatrix(yTrue: readonly number[], yPred: readonly number[], numClasses: number): number[][] {
  if (yTrue.length !== yPred.length)
    throw new Error(`yTrue (${yTrue.length}) and yPred (${yPred.length}) differ in length`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[yTrue[i]][yPred[i]]++;
  return m;
}

/** Fraction of exact matches; 0 for empty input. */
export function accuracy(yTrue: readonly number[], yPred: readonly number[]): number {
  if (yTrue.length === 0) return 0;
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

export interface PerClassScores {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
}

/** Per-class precision, recall, F1 (zero_division = 0) and support. */
export function perClassScores(yTrue: readonly number[], yPred: readonly number[], numClasses: number): PerClassScores {
  const cm = confusionMatrix(yTrue, yPred, numClasses);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let c = 0; c < numClasses; c++) {
    const tp = cm[c][c];
    let predicted = 0;
    let actual = 0;
    for (let k = 0; k < numClasses; k++) {
      predicted += cm[k][c];
      actual += cm[c][k];
    }
    const p = predicted === 0 ? 0 : tp / predicted;
    const r = actual === 0 ? 0 : tp / actual;
    precision.push(p);
    recall.push(r);
    f1.push(p + r === 0 ? 0 : (2 * p * r) / (p + r));
    support.push(actual);
  }
  return { precision, recall, f1, support };
}

/** Unweighted mean of per-class F1 over all `numClasses` classes. */
export function macroF1(yTrue: readonly number[], yPred: readonly number[], numClasses: number): number {
  const { f1 } = perClassScores(yTrue, yPred, numClasses);
  return f1.reduce((a, b) => a + b, 0) / numClasses;
}

/** Index of the largest value in each row (first one on ties). */
export function argmaxRows(probabilities: readonly (readonly number[])[]): number[] {
  return probabilities.map((row) => {
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
    return best;
  });
}

/**
 * Mean negative log-likelihood of the true class, probabilities clipped to
 * [eps, 1]. The default eps is float64 machine epsilon, the clip scikit-learn
 * >= 1.5 applies in `log_loss`, so a zero probability costs the same here and there.
 */
export function logLoss(
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  eps = Number.EPSILON,
): number {
  if (yTrue.length === 0) return 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) total -= Math.log(Math.max(eps, Math.min(1, probabilities[i][yTrue[i]])));
  return total / yTrue.length;
}
