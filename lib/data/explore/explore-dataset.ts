import type { Example } from '../../core/example';
import { classBalance } from '../split/balance';
import { labelFrequencies, lengthHistograms, ngramTables, tokenFrequencies } from './explore-tables';
import { nmf, topTermsPerTopic } from './nmf-topics';
import { englishStopwords } from '../clean/remove-stopwords';
import { buildVocabulary, countVectors, tfidf, tokenize } from '../quality/tfidf';
import { wordCloudSvg } from './word-cloud-svg';

/** Options of {@link exploreDataset}. */
export interface ExploreOptions {
  seed: number;
  /** NMF topics (0 disables topic modelling). */
  topics?: number;
  topWordsPerTopic?: number;
  nmfIterations?: number;
  /** Vocabulary cap for the TF-IDF matrix. */
  maxFeatures?: number;
}

/**
 * Everything the report shows about a split, as JSON: label and token
 * frequency tables (tokens without English stop words), 1-3-gram tables,
 * length histograms, class balance, a word-cloud SVG, and NMF topics over
 * TF-IDF (stop words removed, terms in >= 2 docs and <= 50% of docs) with
 * top words. Pure; deterministic for (rows, options).
 */
export function exploreDataset(rows: Example[], opts: ExploreOptions) {
  const stop = englishStopwords([]);
  const tokens = tokenFrequencies(rows, 50, stop);
  return {
    rows: rows.length,
    labels: labelFrequencies(rows),
    classBalance: classBalance(rows),
    tokens,
    ngrams: ngramTables(rows, 30),
    lengths: lengthHistograms(rows, 20),
    wordCloudSvg: wordCloudSvg(tokenFrequencies(rows, 80, stop)),
    topics: topicModel(rows, opts, stop),
  };
}

function topicModel(rows: Example[], opts: ExploreOptions, stop: Set<string>) {
  const k = opts.topics ?? 5;
  if (k === 0 || rows.length < k * 2) return { k: 0, topics: [] as { term: string; weight: number }[][], error: 0 };
  const docs = rows.map((r) => tokenize(r.text));
  const vocab = buildVocabulary(docs, {
    minDf: 2,
    maxDfFraction: 0.5,
    maxFeatures: opts.maxFeatures ?? 3000,
    exclude: stop,
  });
  const { rows: matrix } = tfidf(countVectors(docs, vocab), vocab.length);
  const result = nmf(matrix, vocab.length, k, opts.nmfIterations ?? 100, opts.seed);
  return { k, topics: topTermsPerTopic(result.topics, vocab, opts.topWordsPerTopic ?? 10), error: result.error };
}
