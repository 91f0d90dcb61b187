/**
 * Bag-of-words and TF-IDF vectors as sparse rows: the shared featuriser of the
 * cheap models used in curation (naive Bayes for label quality, NMF for topics).
 * Hand-written (~80 lines): the npm TF-IDF packages are document-search
 * oriented and return dense objects keyed by term, far slower at 100k docs.
 */

/** A sparse vector: parallel arrays of ascending column indices and values. */
export interface SparseRow {
  indices: number[];
  values: number[];
}

/** Lowercase word tokens (letters, digits, inner apostrophes). Pure. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)*/gu) ?? [];
}

/** Options of {@link buildVocabulary}. */
export interface VocabularyOptions {
  /** Ignore terms in fewer documents than this. */
  minDf?: number;
  /** Ignore terms in more than this fraction of documents (e.g. 0.5 drops near-stop-words). */
  maxDfFraction?: number;
  /** Keep at most this many terms, most frequent (by document frequency) first. */
  maxFeatures?: number;
  /** Terms never kept (e.g. stop words). */
  exclude?: Set<string>;
}

/**
 * The vocabulary of tokenised documents: terms ordered by document frequency
 * (descending, ties alphabetical), filtered by the options. Deterministic.
 */
export function buildVocabulary(docs: string[][], opts: VocabularyOptions = {}): string[] {
  const df = new Map<string, number>();
  for (const doc of docs) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  const maxDf = (opts.maxDfFraction ?? 1) * docs.length;
  const terms = [...df.entries()]
    .filter(([t, n]) => n >= (opts.minDf ?? 1) && n <= maxDf && !opts.exclude?.has(t))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([t]) => t);
  return opts.maxFeatures !== undefined ? terms.slice(0, opts.maxFeatures) : terms;
}

/** Term counts of each document over `vocab` (out-of-vocabulary tokens ignored). */
export function countVectors(docs: string[][], vocab: string[]): SparseRow[] {
  const index = new Map(vocab.map((t, i) => [t, i]));
  return docs.map((doc) => {
    const counts = new Map<number, number>();
    for (const t of doc) {
      const i = index.get(t);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const indices = [...counts.keys()].sort((a, b) => a - b);
    return { indices, values: indices.map((i) => counts.get(i)!) };
  });
}

/**
 * TF-IDF with smooth idf (idf = ln((1 + N) / (1 + df)) + 1, as scikit-learn)
 * and sublinear-free raw counts, each row L2-normalised (empty rows stay
 * empty). Returns the rows and the idf per vocabulary column.
 */
export function tfidf(counts: SparseRow[], vocabSize: number): { rows: SparseRow[]; idf: number[] } {
  const df = new Array<number>(vocabSize).fill(0);
  for (const row of counts) for (const i of row.indices) df[i]++;
  const idf = df.map((d) => Math.log((1 + counts.length) / (1 + d)) + 1);
  const rows = counts.map((row) => {
    const values = row.indices.map((i, k) => row.values[k] * idf[i]);
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
    return { indices: row.indices, values: values.map((v) => v / norm) };
  });
  return { rows, idf };
}
