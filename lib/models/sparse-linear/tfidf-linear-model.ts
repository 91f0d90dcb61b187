import { z } from 'zod';
import { ConfigError } from '../../core/errors';
import { fitCalibratedSvm, predictCalibratedSvm, type CalibratedSvmModel } from './calibrated-svm';
import { fitLogistic, predictLogistic, type LogisticModel } from './logistic-regression';
import { fitNbSvm, predictNbSvm, type NbSvmModel } from './nb-svm';
import { fitTfidf, transformTfidf, type FittedTfidf, type NgramAnalyzer } from './tfidf-vectorizer';

/**
 * The `tfidf-linear` model: TF-IDF features fitted on the train split, then a
 * linear classifier on them — `logistic` (L2 logistic regression), `svm`
 * (linear SVM with Platt-calibrated probabilities) or `nb-svm`. Fits in
 * seconds on CPU, needs no tfjs, and on email- and topic-like text is the
 * baseline every neural family has to beat.
 */

const NgramRangeSchema = z
  .tuple([z.number().int().min(1).max(8), z.number().int().min(1).max(8)])
  .refine(([lo, hi]) => lo <= hi, 'an n-gram range is [min, max] with min <= max');

/** Hyperparameters of the family (each can be searched). */
export const TfidfLinearParamsSchema = z.strictObject({
  classifier: z.enum(['logistic', 'svm', 'nb-svm']).default('logistic'),
  /** Inverse regularisation strength. */
  c: z.number().positive().max(1e6).default(10),
  /** Word n-gram range, or null for no word block. */
  wordNgrams: NgramRangeSchema.nullable().default([1, 2]),
  /** Character n-gram range (inside word boundaries), or null for no char block. */
  charNgrams: NgramRangeSchema.nullable().default([2, 5]),
  sublinearTf: z.boolean().default(true),
  /** Terms in fewer training texts than this (a count >= 1, or a fraction < 1) are dropped. */
  minDf: z.number().positive().default(2),
  /** Per block, keep at most this many terms (the most frequent). */
  maxFeatures: z.number().int().min(1).max(2_000_000).default(500_000),
});
export type TfidfLinearParams = z.infer<typeof TfidfLinearParamsSchema>;

type Classifier = LogisticModel | CalibratedSvmModel | NbSvmModel;

export interface TfidfLinearModel {
  readonly family: 'tfidf-linear';
  readonly labels: readonly string[];
  readonly params: TfidfLinearParams;
  readonly tfidf: FittedTfidf;
  readonly classifier: Classifier;
}

function analyzers(p: TfidfLinearParams): NgramAnalyzer[] {
  const out: NgramAnalyzer[] = [];
  if (p.wordNgrams) out.push({ kind: 'word', minN: p.wordNgrams[0], maxN: p.wordNgrams[1] });
  if (p.charNgrams) out.push({ kind: 'char_wb', minN: p.charNgrams[0], maxN: p.charNgrams[1] });
  if (out.length === 0)
    throw new ConfigError('tfidf-linear: wordNgrams and charNgrams are both null; keep at least one block');
  return out;
}

/**
 * Fits features and classifier on `texts` labelled `y` (indexes into
 * `labels`); deterministic for (texts, y, params, seed).
 * @throws DataError when min_df leaves no feature (from the vectorizer);
 *   ConfigError when both n-gram blocks are off.
 */
export function fitTfidfLinear(
  texts: readonly string[],
  y: readonly number[],
  labels: readonly string[],
  params: TfidfLinearParams,
  seed: number,
): TfidfLinearModel {
  const tfidf = fitTfidf(texts, {
    analyzers: analyzers(params),
    lowercase: true,
    sublinearTf: params.sublinearTf,
    minDf: params.minDf,
    maxFeatures: params.maxFeatures,
  });
  const x = transformTfidf(tfidf, texts);
  const k = labels.length;
  const classifier: Classifier =
    params.classifier === 'logistic'
      ? fitLogistic(x, y, k, { c: params.c })
      : params.classifier === 'svm'
        ? fitCalibratedSvm(x, y, k, { c: params.c, seed })
        : fitNbSvm(x, y, k, { c: params.c });
  return { family: 'tfidf-linear', labels: [...labels], params, tfidf, classifier };
}

/** Class probabilities of each text, `[texts][labels]`. */
export function predictTfidfLinear(model: TfidfLinearModel, texts: readonly string[]): number[][] {
  const x = transformTfidf(model.tfidf, texts);
  const c = model.classifier;
  const flat =
    c.kind === 'logistic'
      ? predictLogistic(c, x)
      : c.kind === 'calibrated-svm'
        ? predictCalibratedSvm(c, x)
        : predictNbSvm(c, x);
  const k = model.labels.length;
  return Array.from({ length: texts.length }, (_, r) => Array.from(flat.subarray(r * k, (r + 1) * k)));
}
