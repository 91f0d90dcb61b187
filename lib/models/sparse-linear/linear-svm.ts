import type { CsrMatrix } from './csr-matrix';
import { minimizeLbfgs } from './lbfgs';

/**
 * Linear SVM with scikit-learn LinearSVC's objective (liblinear's default:
 * L2-regularised squared hinge, one-vs-rest, the intercept fitted as one more
 * feature of value 1 and regularised like the weights):
 *
 *   ½‖w‖² + C · Σ_i max(0, 1 − t_i · (w·x_i + b))²,   t_i = ±1
 *
 * for each class against the rest (one machine for two classes, as sklearn).
 * The primal is strictly convex and once differentiable, so L-BFGS reaches
 * the same minimiser liblinear's dual coordinate descent finds; only the
 * path differs. Decision values are margins, not probabilities: see
 * {@link fitPlattScaling} for calibrated ones.
 */
export interface LinearSvmOptions {
  readonly c: number;
  /** Stop when max |gradient| <= tol x its value at w = 0 (default 1e-4). */
  readonly tol?: number;
  readonly maxIter?: number;
}

export interface LinearSvmModel {
  readonly kind: 'linear-svm';
  readonly classes: number;
  readonly features: number;
  /** Machines: 1 for two classes (positive class = 1), else one per class. */
  readonly outputs: number;
  /** Feature-major weights: feature j of machine k at `j * outputs + k`. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

/** Fits one machine per output; labels are 0..classes-1. */
export function fitLinearSvm(
  x: CsrMatrix,
  y: ArrayLike<number>,
  classes: number,
  options: LinearSvmOptions,
): LinearSvmModel {
  if (y.length !== x.rows) throw new RangeError(`linear-svm: ${x.rows} rows but ${y.length} labels`);
  if (classes < 2) throw new RangeError(`linear-svm: needs at least 2 classes, got ${classes}`);
  if (!(options.c > 0)) throw new RangeError(`linear-svm: C must be > 0, got ${options.c}`);
  const outputs = classes === 2 ? 1 : classes;
  const weights = new Float64Array(x.cols * outputs);
  const bias = new Float64Array(outputs);
  const margin = new Float64Array(x.rows);
  for (let k = 0; k < outputs; k++) {
    const positive = outputs === 1 ? 1 : k;
    // Parameters: w (cols) then b, unscaled like liblinear; L-BFGS stops on max |gradient|.
    const objective = (params: Float64Array, grad: Float64Array): number => {
      grad.fill(0);
      const b = params[x.cols];
      let loss = 0;
      for (let r = 0; r < x.rows; r++) {
        let z = b;
        for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) z += x.values[p] * params[x.indices[p]];
        const t = y[r] === positive ? 1 : -1;
        const slack = 1 - t * z;
        margin[r] = slack;
        if (slack <= 0) continue;
        loss += slack * slack;
        const g = -2 * options.c * t * slack;
        for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) grad[x.indices[p]] += g * x.values[p];
        grad[x.cols] += g;
      }
      let sq = 0;
      for (let j = 0; j <= x.cols; j++) {
        sq += params[j] * params[j];
        grad[j] += params[j];
      }
      return 0.5 * sq + options.c * loss;
    };
    // Stop when the gradient has shrunk by `tol` relative to its size at w = 0 (the objective is a
    // sum over rows, so an absolute tolerance would mean something else for every dataset size and C).
    const start = new Float64Array(x.cols + 1);
    const g0 = new Float64Array(x.cols + 1);
    objective(start, g0);
    const g0max = g0.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const result = minimizeLbfgs(objective, start, {
      tol: (options.tol ?? 1e-4) * Math.max(g0max, 1e-12),
      maxIter: options.maxIter ?? 1000,
    });
    for (let j = 0; j < x.cols; j++) weights[j * outputs + k] = result.x[j];
    bias[k] = result.x[x.cols];
  }
  return { kind: 'linear-svm', classes, features: x.cols, outputs, weights, bias };
}

/** Decision values `[rows, outputs]` (row-major): w·x + b per machine. */
export function svmDecision(
  model: Pick<LinearSvmModel, 'features' | 'outputs' | 'weights' | 'bias'>,
  x: CsrMatrix,
): Float64Array {
  if (x.cols !== model.features)
    throw new RangeError(`linear-svm: model has ${model.features} features, rows have ${x.cols}`);
  const { outputs } = model;
  const out = new Float64Array(x.rows * outputs);
  for (let r = 0; r < x.rows; r++) {
    for (let k = 0; k < outputs; k++) out[r * outputs + k] = model.bias[k];
    for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) {
      const v = x.values[p];
      const w = x.indices[p] * outputs;
      for (let k = 0; k < outputs; k++) out[r * outputs + k] += v * model.weights[w + k];
    }
  }
  return out;
}

/** The class each row's decision values pick (sign for two classes, argmax otherwise). */
export function svmPredictClasses(model: LinearSvmModel, x: CsrMatrix): number[] {
  const d = svmDecision(model, x);
  return Array.from({ length: x.rows }, (_, r) => {
    if (model.outputs === 1) return d[r] > 0 ? 1 : 0;
    let best = 0;
    for (let k = 1; k < model.outputs; k++) if (d[r * model.outputs + k] > d[r * model.outputs + best]) best = k;
    return best;
  });
}

/** Platt sigmoid `P(positive | f) = 1 / (1 + exp(a·f + b))`. */
export interface PlattScaling {
  readonly a: number;
  readonly b: number;
}

/**
 * Fits Platt's sigmoid to decision values `f` with binary targets, as
 * scikit-learn's sigmoid calibration does: targets smoothed to
 * (N₊ + 1) / (N₊ + 2) and 1 / (N₋ + 2) (Platt 1999), log loss minimised.
 */
export function fitPlattScaling(f: ArrayLike<number>, positive: ArrayLike<boolean>): PlattScaling {
  let nPos = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i]) nPos++;
  const nNeg = positive.length - nPos;
  const hi = (nPos + 1) / (nPos + 2);
  const lo = 1 / (nNeg + 2);
  const result = minimizeLbfgs(
    (params, grad) => {
      const [a, b] = params;
      grad.fill(0);
      let loss = 0;
      for (let i = 0; i < f.length; i++) {
        const t = positive[i] ? hi : lo;
        const z = a * f[i] + b; // P = sigmoid(-z)
        // -[t log σ(-z) + (1-t) log σ(z)] = t·softplus(z) + (1-t)·softplus(-z)
        const sp = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
        loss += sp - (1 - t) * z;
        const p = 1 / (1 + Math.exp(-z)); // σ(z) = 1 - P
        const dz = p - (1 - t);
        grad[0] += dz * f[i];
        grad[1] += dz;
      }
      return loss;
    },
    Float64Array.from([0, Math.log((nNeg + 1) / (nPos + 1))]),
    { tol: 1e-8, maxIter: 200 },
  );
  return { a: result.x[0], b: result.x[1] };
}

/** Probability of the positive class under a fitted sigmoid. */
export function plattProbability(s: PlattScaling, f: number): number {
  return 1 / (1 + Math.exp(s.a * f + s.b));
}
