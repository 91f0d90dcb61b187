import { z } from 'zod';
import type { TfidfLinearParams } from './tfidf-linear-model';

/**
 * What a search space may vary of the `tfidf-linear` family: every value is
 * a scalar (a search parameter is a number, string or boolean), mapped to
 * the model's own params by {@link toTfidfLinearParams}. Defaults are the
 * model's: logistic regression, C 10, word 1-2-grams and char_wb 2-5-grams,
 * sublinear tf, min_df 2, at most 500k terms per block.
 */
export const TfidfLinearHyperparamsSchema = z
  .strictObject({
    /** `logistic` (L2 logistic regression), `svm` (linear SVM, Platt-calibrated) or `nb-svm`. */
    classifier: z.enum(['logistic', 'svm', 'nb-svm']).default('logistic'),
    /** Inverse regularisation strength (scikit-learn's C). */
    c: z.number().positive('c must be > 0').max(1e6).default(10),
    /** Word n-grams 1..wordNgramMax; 0 turns the word block off. */
    wordNgramMax: z.number().int().min(0).max(4, 'wordNgramMax must be <= 4').default(2),
    /** Shortest character n-gram (inside word boundaries). */
    charNgramMin: z.number().int().min(1).max(8).default(2),
    /** Longest character n-gram; 0 turns the char block off. */
    charNgramMax: z.number().int().min(0).max(8, 'charNgramMax must be <= 8').default(5),
    sublinearTf: z.boolean().default(true),
    /** Terms in fewer training texts than this (a count >= 1, or a fraction < 1) are dropped. */
    minDf: z.number().positive('minDf must be > 0').default(2),
    /** Per block, keep at most this many terms (the most frequent). */
    maxFeatures: z.number().int().min(1).max(2_000_000).default(500_000),
  })
  .superRefine((h, ctx) => {
    if (h.wordNgramMax === 0 && h.charNgramMax === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['charNgramMax'],
        message: 'wordNgramMax and charNgramMax are both 0, which leaves no features; keep at least one block',
      });
    if (h.charNgramMax > 0 && h.charNgramMin > h.charNgramMax)
      ctx.addIssue({
        code: 'custom',
        path: ['charNgramMin'],
        message: `charNgramMin (${h.charNgramMin}) is above charNgramMax (${h.charNgramMax}); lower it or raise charNgramMax`,
      });
  });
export type TfidfLinearHyperparams = z.infer<typeof TfidfLinearHyperparamsSchema>;

/** Names a search space may use for the tfidf-linear family. */
export const TFIDF_LINEAR_HYPERPARAM_NAMES = Object.keys(
  TfidfLinearHyperparamsSchema.shape,
) as (keyof TfidfLinearHyperparams)[];

/** The model's params for searched hyperparameters `h`. */
export function toTfidfLinearParams(h: TfidfLinearHyperparams): TfidfLinearParams {
  return {
    classifier: h.classifier,
    c: h.c,
    wordNgrams: h.wordNgramMax > 0 ? [1, h.wordNgramMax] : null,
    charNgrams: h.charNgramMax > 0 ? [h.charNgramMin, h.charNgramMax] : null,
    sublinearTf: h.sublinearTf,
    minDf: h.minDf,
    maxFeatures: h.maxFeatures,
  };
}
