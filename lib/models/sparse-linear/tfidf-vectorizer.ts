import { DataError } from '../../core/errors';
import { csrFromRows, hstack, l2NormalizeRows, type CsrMatrix } from './csr-matrix';

/**
 * TF-IDF features of word and character n-grams, defined as scikit-learn's
 * TfidfVectorizer defines them, so that a model here and one there see the
 * same columns (checked against a committed scikit-learn fixture):
 * - `word`: tokens are runs of 2+ letters/digits/underscores (sklearn's
 *   default token_pattern `(?u)\b\w\w+\b`), n-grams joined by one space;
 * - `char`: n-grams over the text with whitespace runs collapsed to one space;
 * - `char_wb`: n-grams inside each whitespace-separated word padded with one
 *   space each side (a word shorter than n gives itself once);
 * - tf is the raw count, or `1 + ln(count)` with `sublinearTf`; idf is
 *   `ln((1 + nDocs) / (1 + df)) + 1` (smooth_idf); each row is L2-normalised.
 *
 * Several analyzers make several blocks (like sklearn's FeatureUnion of two
 * vectorizers): each block is normalised on its own, then they are placed
 * side by side. The vocabulary is fitted on the training texts only and is
 * part of the stored model.
 */

/** One n-gram analyzer: its kind and n-gram lengths `minN..maxN`. */
export interface NgramAnalyzer {
  readonly kind: 'word' | 'char' | 'char_wb';
  readonly minN: number;
  readonly maxN: number;
}

export interface TfidfOptions {
  readonly analyzers: readonly NgramAnalyzer[];
  /** Lowercase texts before analysis (sklearn's default). */
  readonly lowercase: boolean;
  readonly sublinearTf: boolean;
  /** Keep terms in at least this many documents (integer >= 1) or this fraction of them (0 < f < 1). */
  readonly minDf: number;
  /** Per block: keep only the terms with the highest total count (ties: alphabetical). */
  readonly maxFeatures?: number;
}

/** A fitted block: its analyzer, its terms (column order) and their idf. */
export interface FittedTfidfBlock {
  readonly analyzer: NgramAnalyzer;
  readonly terms: readonly string[];
  readonly idf: readonly number[];
}

/** Everything `transformTfidf` needs; JSON-safe. */
export interface FittedTfidf {
  readonly version: 1;
  readonly lowercase: boolean;
  readonly sublinearTf: boolean;
  readonly blocks: readonly FittedTfidfBlock[];
}

const WORD_TOKEN = /[\p{L}\p{N}_]{2,}/gu;
const WHITESPACE_RUN = /\s\s+/gu;

/** The n-grams of `text` (already lowercased if asked) for one analyzer, repeats included. */
export function ngrams(text: string, analyzer: NgramAnalyzer): string[] {
  const { kind, minN, maxN } = analyzer;
  const out: string[] = [];
  if (kind === 'word') {
    const tokens = text.match(WORD_TOKEN) ?? [];
    for (let n = minN; n <= maxN; n++)
      for (let i = 0; i + n <= tokens.length; i++) out.push(n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' '));
    return out;
  }
  const collapsed = text.replace(WHITESPACE_RUN, ' ');
  if (kind === 'char') {
    const chars = Array.from(collapsed);
    for (let n = minN; n <= maxN; n++)
      for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
    return out;
  }
  for (const word of collapsed.split(/\s+/u)) {
    if (!word) continue;
    const w = Array.from(` ${word} `);
    for (let n = minN; n <= maxN; n++) {
      out.push(w.slice(0, n).join(''));
      if (w.length <= n) break;
      for (let offset = 1; offset + n <= w.length; offset++) out.push(w.slice(offset, offset + n).join(''));
    }
  }
  return out;
}

function countTerms(text: string, analyzer: NgramAnalyzer): Map<string, number> {
  const counts = new Map<string, number>();
  for (const g of ngrams(text, analyzer)) counts.set(g, (counts.get(g) ?? 0) + 1);
  return counts;
}

function describe(a: NgramAnalyzer): string {
  return `${a.kind} ${a.minN}-${a.maxN}-grams`;
}

/**
 * Fits the vocabulary and idf of every block on `texts`. Throws a DataError
 * naming the analyzer and `minDf` when a block keeps no term (every term is
 * in fewer documents than minDf, or the texts have no tokens at all).
 */
export function fitTfidf(texts: readonly string[], options: TfidfOptions): FittedTfidf {
  if (texts.length === 0) throw new DataError('tfidf: no training texts to fit the vocabulary on');
  if (options.analyzers.length === 0) throw new DataError('tfidf: no analyzer given (word, char or char_wb)');
  const prepared = texts.map((t) => (options.lowercase ? t.toLowerCase() : t));
  const minDocs = options.minDf >= 1 ? options.minDf : Math.ceil(options.minDf * texts.length);
  const blocks = options.analyzers.map((analyzer): FittedTfidfBlock => {
    const df = new Map<string, number>();
    const total = new Map<string, number>();
    for (const text of prepared) {
      for (const [term, count] of countTerms(text, analyzer)) {
        df.set(term, (df.get(term) ?? 0) + 1);
        total.set(term, (total.get(term) ?? 0) + count);
      }
    }
    let terms = [...df.keys()].filter((t) => df.get(t)! >= minDocs).sort();
    if (terms.length === 0) {
      throw new DataError(
        df.size === 0
          ? `tfidf: the ${describe(analyzer)} analyzer found no terms in ${texts.length} training texts; ` +
              'check that cleaning left text, or use a char analyzer'
          : `tfidf: minDf ${options.minDf} removes all ${df.size} ${describe(analyzer)} terms ` +
              `(the most common is in ${Math.max(...df.values())} of ${texts.length} texts); lower model.tfidf.minDf`,
      );
    }
    if (options.maxFeatures !== undefined && terms.length > options.maxFeatures) {
      const keep = new Set(
        terms
          .map((t, i) => ({ t, i, c: total.get(t)! }))
          .sort((a, b) => b.c - a.c || a.i - b.i)
          .slice(0, options.maxFeatures)
          .map((x) => x.t),
      );
      terms = terms.filter((t) => keep.has(t));
    }
    const n = texts.length;
    return { analyzer, terms, idf: terms.map((t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1) };
  });
  return { version: 1, lowercase: options.lowercase, sublinearTf: options.sublinearTf, blocks };
}

/** Number of columns `transformTfidf(fitted, …)` produces. */
export function tfidfWidth(fitted: FittedTfidf): number {
  return fitted.blocks.reduce((sum, b) => sum + b.terms.length, 0);
}

/** TF-IDF rows of `texts` with the fitted vocabulary (unknown terms ignored), one block after another. */
export function transformTfidf(fitted: FittedTfidf, texts: readonly string[]): CsrMatrix {
  const prepared = texts.map((t) => (fitted.lowercase ? t.toLowerCase() : t));
  const matrices = fitted.blocks.map((block) => {
    const column = new Map<string, number>();
    block.terms.forEach((t, i) => column.set(t, i));
    const rows = prepared.map((text) => {
      const row = new Map<number, number>();
      for (const [term, count] of countTerms(text, block.analyzer)) {
        const c = column.get(term);
        if (c === undefined) continue;
        row.set(c, (fitted.sublinearTf ? 1 + Math.log(count) : count) * block.idf[c]);
      }
      return row;
    });
    return l2NormalizeRows(csrFromRows(rows, block.terms.length));
  });
  return matrices.reduce((a, b) => hstack(a, b));
}
