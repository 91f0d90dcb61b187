/**
 * Perplexity for the language-model family.
 *
 * Perplexity = exp(mean negative log-likelihood per token), with natural-log
 * likelihoods, pooled over ALL tokens of all sequences (the corpus-level
 * definition; averaging per-sequence perplexities instead over-weights short
 * sequences). Bits per token = mean NLL / ln 2 = log2(perplexity).
 * Pure; inputs are not modified.
 */

import { DataError } from '../core/errors';

/** Corpus-level perplexity summary. */
export interface PerplexitySummary {
  perplexity: number;
  /** Mean negative log-likelihood per token (nats): the cross-entropy loss. */
  meanNll: number;
  bitsPerToken: number;
  tokens: number;
}

function flatten(logLikelihoods: readonly number[] | readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (const x of logLikelihoods) {
    if (typeof x === 'number') out.push(x);
    else out.push(...x);
  }
  return out;
}

/**
 * Perplexity from per-token natural-log likelihoods log p(token | context),
 * given flat or as one array per sequence.
 * @throws DataError when there are no tokens, or a value is NaN or > 0
 *   (a log-probability is at most 0; pass log p, not p or -log p).
 *   -Infinity is allowed and yields Infinity.
 */
export function perplexity(logLikelihoods: readonly number[] | readonly (readonly number[])[]): PerplexitySummary {
  const ll = flatten(logLikelihoods);
  if (ll.length === 0) throw new DataError('perplexity needs at least one token log-likelihood; got none');
  let sum = 0;
  for (let i = 0; i < ll.length; i++) {
    const v = ll[i];
    if (Number.isNaN(v) || v > 1e-12) {
      throw new DataError(
        `token log-likelihood #${i} = ${v} is not a log-probability (must be <= 0); pass natural-log p(token)`,
      );
    }
    sum += Math.min(0, v);
  }
  return perplexityFromMeanNll(-sum / ll.length, ll.length);
}

/**
 * Perplexity from an already averaged per-token NLL in nats (e.g. a training
 * loop's cross-entropy loss). `tokens` is informational.
 * @throws DataError when meanNll is NaN or negative.
 */
export function perplexityFromMeanNll(meanNll: number, tokens = 0): PerplexitySummary {
  if (!(meanNll >= 0)) throw new DataError(`mean NLL = ${meanNll} must be a non-negative number of nats per token`);
  return { perplexity: Math.exp(meanNll), meanNll, bitsPerToken: meanNll / Math.LN2, tokens };
}
