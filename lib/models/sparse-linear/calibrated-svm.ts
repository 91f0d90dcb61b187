import { createRng, shuffled } from '../../core/rng';
import { selectRows, type CsrMatrix } from './csr-matrix';
import {
  fitLinearSvm,
  fitPlattScaling,
  plattProbability,
  svmDecision,
  type LinearSvmModel,
  type LinearSvmOptions,
  type PlattScaling,
} from './linear-svm';

/**
 * A linear SVM with probabilities: the SVM fitted on all rows, plus one
 * Platt sigmoid per machine fitted on out-of-fold decision values (k
 * stratified folds), the way scikit-learn's
 * `CalibratedClassifierCV(LinearSVC(), method='sigmoid', ensemble=False)`
 * calibrates. For more than two classes the one-vs-rest probabilities are
 * normalised to sum to 1. Ensembles and log-loss objectives need these;
 * margins alone are not comparable across models.
 */
export interface CalibratedSvmModel {
  readonly kind: 'calibrated-svm';
  readonly svm: LinearSvmModel;
  readonly sigmoids: readonly PlattScaling[];
}

/** Stratified fold of each row (0..folds-1): each label's rows dealt round-robin after a seeded shuffle. */
export function stratifiedFolds(y: ArrayLike<number>, folds: number, seed: number): Int32Array {
  const fold = new Int32Array(y.length);
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) byLabel.set(y[i], [...(byLabel.get(y[i]) ?? []), i]);
  const rng = createRng(seed).fork('svm-calibration-folds');
  let next = 0;
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    for (const i of shuffled(byLabel.get(label)!, rng)) fold[i] = next++ % folds;
  }
  return fold;
}

export function fitCalibratedSvm(
  x: CsrMatrix,
  y: ArrayLike<number>,
  classes: number,
  options: LinearSvmOptions & { folds?: number; seed?: number },
): CalibratedSvmModel {
  const folds = options.folds ?? 5;
  const fold = stratifiedFolds(y, folds, options.seed ?? 0);
  const outputs = classes === 2 ? 1 : classes;
  const outOfFold = new Float64Array(x.rows * outputs);
  for (let f = 0; f < folds; f++) {
    const trainRows: number[] = [];
    const heldOut: number[] = [];
    for (let i = 0; i < x.rows; i++) (fold[i] === f ? heldOut : trainRows).push(i);
    if (heldOut.length === 0) continue;
    const yTrain = trainRows.map((i) => y[i]);
    if (new Set(yTrain).size < classes) continue; // too few rows of some class for this fold
    const svm = fitLinearSvm(selectRows(x, trainRows), yTrain, classes, options);
    const d = svmDecision(svm, selectRows(x, heldOut));
    heldOut.forEach((row, j) => outOfFold.set(d.subarray(j * outputs, (j + 1) * outputs), row * outputs));
  }
  const sigmoids = Array.from({ length: outputs }, (_, k) => {
    const positiveClass = outputs === 1 ? 1 : k;
    const f = Float64Array.from({ length: x.rows }, (_, r) => outOfFold[r * outputs + k]);
    const positive = Array.from({ length: x.rows }, (_, r) => y[r] === positiveClass);
    return fitPlattScaling(f, positive);
  });
  return { kind: 'calibrated-svm', svm: fitLinearSvm(x, y, classes, options), sigmoids };
}

/** Class probabilities `[rows, classes]` (row-major). */
export function predictCalibratedSvm(model: CalibratedSvmModel, x: CsrMatrix): Float64Array {
  const { svm, sigmoids } = model;
  const d = svmDecision(svm, x);
  const probs = new Float64Array(x.rows * svm.classes);
  for (let r = 0; r < x.rows; r++) {
    if (svm.outputs === 1) {
      const p = plattProbability(sigmoids[0], d[r]);
      probs[2 * r] = 1 - p;
      probs[2 * r + 1] = p;
      continue;
    }
    let sum = 0;
    for (let k = 0; k < svm.classes; k++)
      sum += probs[r * svm.classes + k] = plattProbability(sigmoids[k], d[r * svm.outputs + k]);
    for (let k = 0; k < svm.classes; k++)
      probs[r * svm.classes + k] = sum > 0 ? probs[r * svm.classes + k] / sum : 1 / svm.classes;
  }
  return probs;
}
