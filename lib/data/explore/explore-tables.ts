import type { Example } from '../../core/example';
import { tokenize } from '../quality/tfidf';

/*
 * Exploration tables for the report: pure functions from examples to small
 * JSON-serialisable data (top-N lists, histograms), deterministic (ties broken
 * alphabetically).
 */

/** A term (or n-gram, or label) and how often it occurs. */
export interface FrequencyEntry {
  term: string;
  count: number;
}

/** One histogram bin: [lo, hi) except the last, which includes hi. */
export interface HistogramBin {
  lo: number;
  hi: number;
  count: number;
}

/** Counts items, returning the `top` most frequent (count desc, then term asc). */
export function topCounts(items: Iterable<string>, top: number): FrequencyEntry[] {
  const counts = new Map<string, number>();
  for (const x of items) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([term, count]) => ({ term, count }));
}

/** Label frequencies (all labels). */
export function labelFrequencies(rows: Example[]): FrequencyEntry[] {
  return topCounts(
    rows.map((r) => r.label),
    Number.MAX_SAFE_INTEGER,
  );
}

/** Token frequencies over all texts (tokens as {@link tokenize}), optionally skipping `exclude`. */
export function tokenFrequencies(rows: Example[], top = 50, exclude?: Set<string>): FrequencyEntry[] {
  return topCounts(
    rows.flatMap((r) => tokenize(r.text).filter((t) => !exclude?.has(t))),
    top,
  );
}

/** Word n-grams (n in 1..3) of one token list, joined by spaces. */
export function ngrams(tokens: string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  return out;
}

/** Top uni-, bi- and trigrams over all texts. */
export function ngramTables(rows: Example[], top = 30): { n: number; entries: FrequencyEntry[] }[] {
  const docs = rows.map((r) => tokenize(r.text));
  return [1, 2, 3].map((n) => ({
    n,
    entries: topCounts(
      docs.flatMap((d) => ngrams(d, n)),
      top,
    ),
  }));
}

/**
 * Equal-width histogram of `values` over [min, max] with `bins` bins (one
 * bin when all values are equal; [] for no values).
 */
export function histogram(values: number[], bins = 20): HistogramBin[] {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  if (min === max) return [{ lo: min, hi: max, count: values.length }];
  const width = (max - min) / bins;
  const out = Array.from({ length: bins }, (_, i) => ({ lo: min + i * width, hi: min + (i + 1) * width, count: 0 }));
  for (const v of values) out[Math.min(bins - 1, Math.floor((v - min) / width))].count++;
  return out;
}

/** Text-length histograms in tokens and in characters, overall and per label. */
export function lengthHistograms(rows: Example[], bins = 20) {
  const tokens = (rs: Example[]) => rs.map((r) => tokenize(r.text).length);
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  return {
    tokens: histogram(tokens(rows), bins),
    chars: histogram(
      rows.map((r) => r.text.length),
      bins,
    ),
    tokensByLabel: Object.fromEntries(
      labels.map((l) => [l, histogram(tokens(rows.filter((r) => r.label === l)), bins)]),
    ),
  };
}
