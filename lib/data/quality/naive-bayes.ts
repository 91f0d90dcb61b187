import type { SparseRow } from './tfidf';

/**
 * Multinomial naive Bayes over count vectors (McCallum & Nigam, 1998), with
 * Laplace/Lidstone smoothing: the cheapest text classifier that gives usable
 * class probabilities, which is all confident learning needs. Hand-written
 * (~50 lines) to avoid a dependency for one function.
 */
export interface NaiveBayesModel {
  numClasses: number;
  logPrior: number[];
  /** logLikelihood[c][term] = log P(term | class c). */
  logLikelihood: Float64Array[];
}

/**
 * Fits the model. `labels[i]` in [0, numClasses) is the class of `rows[i]`.
 * A class with no rows gets prior 0 (log -Infinity) so it is never predicted.
 */
export function fitNaiveBayes(
  rows: SparseRow[],
  labels: number[],
  numClasses: number,
  vocabSize: number,
  alpha = 1,
): NaiveBayesModel {
  const classCount = new Array<number>(numClasses).fill(0);
  const termCount = Array.from({ length: numClasses }, () => new Float64Array(vocabSize));
  rows.forEach((row, r) => {
    const c = labels[r];
    classCount[c]++;
    row.indices.forEach((t, k) => (termCount[c][t] += row.values[k]));
  });
  const logPrior = classCount.map((n) => Math.log(n / rows.length));
  const logLikelihood = termCount.map((counts) => {
    const total = counts.reduce((s, v) => s + v, 0) + alpha * vocabSize;
    return counts.map((v) => Math.log((v + alpha) / total));
  });
  return { numClasses, logPrior, logLikelihood };
}

/** Class probabilities of one count vector (softmax of the joint log-likelihoods). */
export function predictNaiveBayes(model: NaiveBayesModel, row: SparseRow): number[] {
  const scores = model.logPrior.map((prior, c) => {
    let s = prior;
    row.indices.forEach((t, k) => (s += row.values[k] * model.logLikelihood[c][t]));
    return s;
  });
  const max = Math.max(...scores);
  const exp = scores.map((s) => (Number.isFinite(s) ? Math.exp(s - max) : 0));
  const z = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / z);
}
