import type { CsrMatrix } from './csr-matrix';
import { minimizeLbfgs, type LbfgsResult } from './lbfgs';

/**
 * L2-regularised logistic regression on sparse rows, fitted by L-BFGS, with
 * scikit-learn's objective and scaling (LogisticRegression, solver 'lbfgs'):
 *
 *   (1 / Σw) · Σ_i w_i · loss_i  +  ‖W‖² / (2 · C · Σw)
 *
 * where loss_i is the binary log-loss for two classes (one weight vector,
 * as sklearn fits binary problems) and the multinomial (softmax) log-loss
 * for more; intercepts are not penalised; w_i are sample weights (1 when not
 * given). Stopping follows sklearn too: max |gradient| <= tol or maxIter.
 * Cost per iteration: O(non-zeros · classes).
 */
export interface LogisticOptions {
  /** Inverse regularisation strength (sklearn's C); larger fits the training data more closely. */
  readonly c: number;
  readonly tol?: number;
  readonly maxIter?: number;
  /** Per-row weights (class weights spread onto rows), default 1. */
  readonly sampleWeights?: Float64Array;
  readonly onIteration?: (iteration: number, loss: number) => boolean | void;
}

/** A fitted model; JSON-safe apart from the typed arrays (see the checkpoint codec). */
export interface LogisticModel {
  readonly kind: 'logistic';
  readonly classes: number;
  readonly features: number;
  /** Columns of the weight matrix: 1 for two classes (the positive class's logit), else `classes`. */
  readonly outputs: number;
  /** Feature-major weights: weight of feature j for output k at `j * outputs + k`. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  readonly fit: Pick<LbfgsResult, 'iterations' | 'reason' | 'value' | 'gradMax'>;
}

/** Writes the logits `[rows, outputs]` of `x` under parameters (weights then bias) into `out`. */
function logits(x: CsrMatrix, params: Float64Array, outputs: number, out: Float64Array): void {
  const biasAt = x.cols * outputs;
  for (let r = 0; r < x.rows; r++) {
    const o = r * outputs;
    for (let k = 0; k < outputs; k++) out[o + k] = params[biasAt + k];
    for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) {
      const v = x.values[p];
      const w = x.indices[p] * outputs;
      for (let k = 0; k < outputs; k++) out[o + k] += v * params[w + k];
    }
  }
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Fits on rows `x` with labels `y` (0..classes-1). Throws on shape mismatches and on fewer than 2 classes. */
export function fitLogistic(
  x: CsrMatrix,
  y: ArrayLike<number>,
  classes: number,
  options: LogisticOptions,
): LogisticModel {
  if (y.length !== x.rows) throw new RangeError(`logistic: ${x.rows} rows but ${y.length} labels`);
  if (classes < 2) throw new RangeError(`logistic: needs at least 2 classes, got ${classes}`);
  if (!(options.c > 0)) throw new RangeError(`logistic: C must be > 0, got ${options.c}`);
  const outputs = classes === 2 ? 1 : classes;
  const sw = options.sampleWeights ?? new Float64Array(x.rows).fill(1);
  let swSum = 0;
  for (let i = 0; i < sw.length; i++) swSum += sw[i];
  const nWeights = x.cols * outputs;
  const z = new Float64Array(x.rows * outputs);
  const dz = new Float64Array(outputs);
  const l2 = 1 / (options.c * swSum);
  const objective = (params: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    logits(x, params, outputs, z);
    let loss = 0;
    for (let r = 0; r < x.rows; r++) {
      const o = r * outputs;
      const label = y[r];
      const weight = sw[r] / swSum;
      if (outputs === 1) {
        const t = label === 1 ? 1 : 0;
        loss += weight * (softplus(z[o]) - t * z[o]);
        dz[0] = weight * (1 / (1 + Math.exp(-z[o])) - t);
      } else {
        let max = -Infinity;
        for (let k = 0; k < outputs; k++) max = Math.max(max, z[o + k]);
        let sum = 0;
        for (let k = 0; k < outputs; k++) sum += Math.exp(z[o + k] - max);
        const lse = max + Math.log(sum);
        loss += weight * (lse - z[o + label]);
        for (let k = 0; k < outputs; k++) dz[k] = weight * (Math.exp(z[o + k] - lse) - (k === label ? 1 : 0));
      }
      for (let k = 0; k < outputs; k++) grad[nWeights + k] += dz[k];
      for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) {
        const v = x.values[p];
        const w = x.indices[p] * outputs;
        for (let k = 0; k < outputs; k++) grad[w + k] += v * dz[k];
      }
    }
    let sq = 0;
    for (let j = 0; j < nWeights; j++) {
      sq += params[j] * params[j];
      grad[j] += l2 * params[j];
    }
    return loss + 0.5 * l2 * sq;
  };
  const result = minimizeLbfgs(objective, new Float64Array(nWeights + outputs), {
    tol: options.tol ?? 1e-4,
    maxIter: options.maxIter ?? 100,
    onIteration: options.onIteration ? (i, v) => options.onIteration!(i, v) : undefined,
  });
  return {
    kind: 'logistic',
    classes,
    features: x.cols,
    outputs,
    weights: result.x.slice(0, nWeights),
    bias: result.x.slice(nWeights),
    fit: { iterations: result.iterations, reason: result.reason, value: result.value, gradMax: result.gradMax },
  };
}

/** Class probabilities `[rows, classes]` (row-major) of `x`. */
export function predictLogistic(model: LogisticModel, x: CsrMatrix): Float64Array {
  if (x.cols !== model.features)
    throw new RangeError(`logistic: model has ${model.features} features, rows have ${x.cols}`);
  const params = new Float64Array(model.weights.length + model.bias.length);
  params.set(model.weights);
  params.set(model.bias, model.weights.length);
  const z = new Float64Array(x.rows * model.outputs);
  logits(x, params, model.outputs, z);
  const probs = new Float64Array(x.rows * model.classes);
  for (let r = 0; r < x.rows; r++) {
    if (model.outputs === 1) {
      const p = 1 / (1 + Math.exp(-z[r]));
      probs[2 * r] = 1 - p;
      probs[2 * r + 1] = p;
      continue;
    }
    const o = r * model.outputs;
    let max = -Infinity;
    for (let k = 0; k < model.classes; k++) max = Math.max(max, z[o + k]);
    let sum = 0;
    for (let k = 0; k < model.classes; k++) sum += probs[o + k] = Math.exp(z[o + k] - max);
    for (let k = 0; k < model.classes; k++) probs[o + k] /= sum;
  }
  return probs;
}
