import { eng } from 'stopword';

/**
 * Stop-word removal with the English list of the maintained `stopword` npm
 * package (108 words). Words that carry sentiment or negation ("not", "no",
 * "never", "but", "very", "too"...) are KEPT by default: removing them flips
 * or weakens the meaning of exactly the texts a classifier must get right.
 */
export const DEFAULT_KEPT_STOPWORDS: readonly string[] = [
  'not',
  'no',
  'nor',
  'never',
  'but',
  'very',
  'too',
  'against',
  'without',
];

/** Builds the stop-word set: the package's English list minus `keep`. */
export function englishStopwords(keep: readonly string[] = DEFAULT_KEPT_STOPWORDS): Set<string> {
  const kept = new Set(keep.map((w) => w.toLowerCase()));
  return new Set(eng.filter((w) => !kept.has(w)));
}

/**
 * Removes stop words from a whitespace-tokenised text. Matching is
 * case-insensitive and ignores surrounding punctuation ("The," matches "the");
 * other words are kept as written, joined by single spaces. Pure.
 */
export function removeStopwords(text: string, stopwords: Set<string>): string {
  return text
    .split(/\s+/)
    .filter((w) => w !== '' && !stopwords.has(w.toLowerCase().replace(/^\p{P}+|\p{P}+$/gu, '')))
    .join(' ');
}
