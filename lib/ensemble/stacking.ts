/**
 * Stacking: a multinomial logistic regression (softmax) on the concatenated
 * member probabilities, trained on the VALIDATION split.
 *
 * The meta-model is deliberately small: features = [P_1 | P_2 | ... | P_M]
 * (M members x K classes) plus a bias, weights initialised at 0, full-batch
 * gradient descent on mean cross-entropy + (l2 / 2) * ||W||^2 (bias not
 * penalised) for a fixed number of iterations. No randomness, so it is
 * deterministic and identical on every platform. It can learn what averaging
 * cannot, e.g. to trust one member for one class or to invert an
 * anti-correlated member.
 *
 * Honest score by cross-fitting: validation is split into `folds` stratified
 * folds (seeded); each fold is predicted by a meta-model trained on the other
 * folds, and the metric of those out-of-fold predictions is `crossFitScore`.
 * The returned model is then refit on all of validation for use on test.
 */
import { z } from 'zod';
import { DataError } from '../core/errors';
import { createRng, shuffled } from '../core/rng';
import { checkMembers, EnsembleMetricSchema, ensembleScorer, type MemberPredictions } from './ensemble-metric';

/** Options (each plugin owns its zod schema). */
export const StackingOptionsSchema = z.strictObject({
  metric: EnsembleMetricSchema.default('negLogLoss'),
  folds: z.number().int().min(2).max(20).default(5),
  l2: z.number().min(0).default(1e-3),
  learningRate: z.number().gt(0).default(0.5),
  iterations: z.number().int().min(1).max(100_000).default(500),
  seed: z.number().int().default(0),
});
export type StackingOptions = z.input<typeof StackingOptionsSchema>;

/** A fitted meta-model: weights[f][c] for feature f (last row = bias) and class c. */
export interface StackingModel {
  memberIds: string[];
  numClasses: number;
  weights: number[][];
}

/** Result of {@link fitStacking}. */
export interface StackingResult {
  model: StackingModel;
  /** Out-of-fold meta-model probabilities on validation. */
  outOfFoldProbabilities: number[][];
  /** Metric of the out-of-fold probabilities (higher is better): the honest validation score. */
  crossFitScore: number;
  foldScores: number[];
}

type Hyper = z.infer<typeof StackingOptionsSchema>;

function features(members: readonly MemberPredictions[], i: number): number[] {
  return [...members.flatMap((m) => m.probabilities[i]), 1];
}

function softmaxRow(x: readonly number[], w: readonly number[][], k: number): number[] {
  const z = new Array<number>(k).fill(0);
  for (let f = 0; f < x.length; f++) for (let c = 0; c < k; c++) z[c] += x[f] * w[f][c];
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Fits softmax regression on rows X (bias column last) and labels y. Deterministic. */
export function fitSoftmaxRegression(
  X: readonly (readonly number[])[],
  y: readonly number[],
  k: number,
  h: Pick<Hyper, 'l2' | 'learningRate' | 'iterations'>,
): number[][] {
  const d = X[0].length;
  const w = Array.from({ length: d }, () => new Array<number>(k).fill(0));
  for (let it = 0; it < h.iterations; it++) {
    const grad = Array.from({ length: d }, (_, f) => w[f].map((v) => (f === d - 1 ? 0 : h.l2 * v)));
    for (let i = 0; i < X.length; i++) {
      const p = softmaxRow(X[i], w, k);
      p[y[i]] -= 1;
      for (let f = 0; f < d; f++) for (let c = 0; c < k; c++) grad[f][c] += (X[i][f] * p[c]) / X.length;
    }
    for (let f = 0; f < d; f++) for (let c = 0; c < k; c++) w[f][c] -= h.learningRate * grad[f][c];
  }
  return w;
}

/** Stratified fold id per example: each class's examples shuffled (seeded) and dealt round-robin. */
export function stratifiedFolds(y: readonly number[], folds: number, seed: number): number[] {
  const rng = createRng(seed);
  const fold = new Array<number>(y.length).fill(0);
  const classes = [...new Set(y)].sort((a, b) => a - b);
  let offset = 0;
  for (const c of classes) {
    const idx = shuffled(
      y.map((v, i) => (v === c ? i : -1)).filter((i) => i >= 0),
      rng.fork(c),
    );
    idx.forEach((i, j) => (fold[i] = (j + offset) % folds));
    offset += idx.length;
  }
  return fold;
}

/**
 * Fits the stacking meta-model on validation predictions with cross-fitting.
 * @throws DataError on mismatched members/labels or fewer examples than folds; ZodError on bad options.
 */
export function fitStacking(
  members: readonly MemberPredictions[],
  yTrue: readonly number[],
  options: StackingOptions = {},
): StackingResult {
  const h = StackingOptionsSchema.parse(options);
  const { n, k } = checkMembers(members, yTrue);
  if (n < h.folds)
    throw new DataError(
      `stacking with ${h.folds} folds needs at least ${h.folds} validation examples; got ${n}. Lower stacking.folds`,
    );
  const X = yTrue.map((_, i) => features(members, i));
  const fold = stratifiedFolds(yTrue, h.folds, h.seed);
  const score = ensembleScorer(h.metric);
  const oof: number[][] = new Array(n);
  const foldScores: number[] = [];
  for (let f = 0; f < h.folds; f++) {
    const train = X.map((_, i) => i).filter((i) => fold[i] !== f);
    const test = X.map((_, i) => i).filter((i) => fold[i] === f);
    if (test.length === 0) continue;
    const w = fitSoftmaxRegression(
      train.map((i) => X[i]),
      train.map((i) => yTrue[i]),
      k,
      h,
    );
    for (const i of test) oof[i] = softmaxRow(X[i], w, k);
    foldScores.push(
      score(
        test.map((i) => yTrue[i]),
        test.map((i) => oof[i]),
      ),
    );
  }
  const weights = fitSoftmaxRegression(X, yTrue, k, h);
  return {
    model: { memberIds: members.map((m) => m.id), numClasses: k, weights },
    outOfFoldProbabilities: oof,
    crossFitScore: score(yTrue, oof),
    foldScores,
  };
}

/**
 * Meta-model probabilities on any split, given the members' predictions there
 * (matched by id, in the model's member order).
 * @throws DataError when a member is missing or shapes differ.
 */
export function predictStacking(model: StackingModel, members: readonly MemberPredictions[]): number[][] {
  const byId = new Map(members.map((m) => [m.id, m]));
  const ordered = model.memberIds.map((id) => {
    const m = byId.get(id);
    if (!m)
      throw new DataError(`stacking model needs predictions of member "${id}"; pass every member it was trained on`);
    return m;
  });
  const { n, k } = checkMembers(ordered);
  if (k !== model.numClasses)
    throw new DataError(`members predict ${k} classes, the stacking model was fit on ${model.numClasses}`);
  return Array.from({ length: n }, (_, i) => softmaxRow(features(ordered, i), model.weights, k));
}
