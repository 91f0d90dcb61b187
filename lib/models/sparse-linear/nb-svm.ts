import type { CsrMatrix } from './csr-matrix';
import { fitLogistic, predictLogistic, type LogisticModel } from './logistic-regression';

/**
 * NB-SVM (Wang & Manning, "Baselines and Bigrams", ACL 2012): each feature is
 * scaled by its naive-Bayes log-count ratio
 *
 *   r = log( (p / ‖p‖₁) / (q / ‖q‖₁) ),  p = α + Σ_{rows of the class} [x > 0],  q = α + Σ_{other rows} [x > 0]
 *
 * and a linear model is fitted on the scaled rows, one against the rest per
 * class (one for two classes). The linear learner here is L2 logistic
 * regression (the "NB-LR" variant), which gives probabilities directly; for
 * more than two classes they are normalised to sum to 1.
 */
export interface NbSvmOptions {
  readonly c: number;
  /** Smoothing α of the feature counts (Wang & Manning use 1). */
  readonly alpha?: number;
  readonly tol?: number;
  readonly maxIter?: number;
}

export interface NbSvmModel {
  readonly kind: 'nb-svm';
  readonly classes: number;
  readonly features: number;
  /** Log-count ratios, machine-major: feature j of machine k at `k * features + j`. */
  readonly ratios: Float64Array;
  /** One binary logistic model per machine. */
  readonly machines: readonly LogisticModel[];
}

/** `x` with column j multiplied by `scale[offset + j]`. */
function scaleColumns(x: CsrMatrix, scale: Float64Array, offset: number): CsrMatrix {
  const values = new Float64Array(x.values.length);
  for (let p = 0; p < values.length; p++) values[p] = x.values[p] * scale[offset + x.indices[p]];
  return { ...x, values };
}

export function fitNbSvm(x: CsrMatrix, y: ArrayLike<number>, classes: number, options: NbSvmOptions): NbSvmModel {
  if (y.length !== x.rows) throw new RangeError(`nb-svm: ${x.rows} rows but ${y.length} labels`);
  const alpha = options.alpha ?? 1;
  const outputs = classes === 2 ? 1 : classes;
  // Documents containing each feature, per class.
  const present = new Float64Array(classes * x.cols);
  for (let r = 0; r < x.rows; r++)
    for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) if (x.values[p] !== 0) present[y[r] * x.cols + x.indices[p]]++;
  const ratios = new Float64Array(outputs * x.cols);
  const machines: LogisticModel[] = [];
  for (let k = 0; k < outputs; k++) {
    const positive = outputs === 1 ? 1 : k;
    const pCount = new Float64Array(x.cols);
    const qCount = new Float64Array(x.cols);
    for (let j = 0; j < x.cols; j++) {
      let other = 0;
      for (let c = 0; c < classes; c++) if (c !== positive) other += present[c * x.cols + j];
      pCount[j] = alpha + present[positive * x.cols + j];
      qCount[j] = alpha + other;
    }
    const pSum = pCount.reduce((a, b) => a + b, 0);
    const qSum = qCount.reduce((a, b) => a + b, 0);
    for (let j = 0; j < x.cols; j++) ratios[k * x.cols + j] = Math.log(pCount[j] / pSum / (qCount[j] / qSum));
    const binary = Array.from({ length: x.rows }, (_, r) => (y[r] === positive ? 1 : 0));
    machines.push(fitLogistic(scaleColumns(x, ratios, k * x.cols), binary, 2, options));
  }
  return { kind: 'nb-svm', classes, features: x.cols, ratios, machines };
}

/** Class probabilities `[rows, classes]` (row-major). */
export function predictNbSvm(model: NbSvmModel, x: CsrMatrix): Float64Array {
  if (x.cols !== model.features)
    throw new RangeError(`nb-svm: model has ${model.features} features, rows have ${x.cols}`);
  if (model.machines.length === 1) return predictLogistic(model.machines[0], scaleColumns(x, model.ratios, 0));
  const probs = new Float64Array(x.rows * model.classes);
  model.machines.forEach((machine, k) => {
    const p = predictLogistic(machine, scaleColumns(x, model.ratios, k * model.features));
    for (let r = 0; r < x.rows; r++) probs[r * model.classes + k] = p[2 * r + 1];
  });
  for (let r = 0; r < x.rows; r++) {
    let sum = 0;
    for (let k = 0; k < model.classes; k++) sum += probs[r * model.classes + k];
    for (let k = 0; k < model.classes; k++) probs[r * model.classes + k] /= sum || 1;
  }
  return probs;
}
