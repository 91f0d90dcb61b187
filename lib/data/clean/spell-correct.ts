import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../../core/errors';

/**
 * Spelling correction against the Hunspell English dictionary shipped in the
 * `dictionary-en` npm package (49k stems). A deliberately small corrector
 * (Norvig-style): a word is known when it, or its stem after stripping a
 * common English suffix, is in the dictionary; an unknown lowercase word of 4+
 * letters is replaced by a known word at edit distance 1 (deletion,
 * transposition, substitution, insertion), the one most frequent in the
 * corpus being cleaned (ties: the likelier kind of typo, then alphabetical). No edit distance 2: it is slow
 * and mostly wrong on short review text. Hunspell affix rules are not applied
 * in full (that is what `nspell` does, at ~10x the load time); the suffix
 * stripping below covers plurals, -ed, -ing, -ly, -er, -est, -ness, 's.
 */
export interface SpellCorrector {
  isKnown(word: string): boolean;
  /** The corrected word, or the word itself when known, too short, not alphabetic or without a candidate. */
  correct(word: string): string;
}

let dictionaryCache: Set<string> | undefined;

/**
 * Lowercased stems of `dictionary-en`'s index.dic, read once per process
 * (lazily, ~50 ms) and cached.
 *
 * @throws DataError when the package is not installed.
 */
export function englishDictionary(): Set<string> {
  if (dictionaryCache) return dictionaryCache;
  let file: string;
  try {
    file = path.join(path.dirname(require.resolve('dictionary-en')), 'index.dic');
  } catch {
    throw new DataError(
      'curation.spellCorrect needs the "dictionary-en" npm package; install the project dependencies (npm ci)',
    );
  }
  const words = new Set<string>();
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const stem = lines[i].split('/')[0].trim();
    if (stem !== '') words.add(stem.toLowerCase());
  }
  dictionaryCache = words;
  return words;
}

const SUFFIXES: [string, string][] = [
  ["'s", ''],
  ['ies', 'y'],
  ['es', ''],
  ['s', ''],
  ['ied', 'y'],
  ['ed', ''],
  ['ed', 'e'],
  ['ing', ''],
  ['ing', 'e'],
  ['ily', 'y'],
  ['ly', ''],
  ['er', ''],
  ['er', 'e'],
  ['est', ''],
  ['est', 'e'],
  ['ness', ''],
  ['iness', 'y'],
  ['ment', ''],
];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Whether `word` (lowercase) or its stem after one common suffix is in `dict`. */
export function isKnownWord(word: string, dict: Set<string>): boolean {
  if (dict.has(word)) return true;
  for (const [suffix, repl] of SUFFIXES) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix) && dict.has(word.slice(0, -suffix.length) + repl))
      return true;
  }
  return false;
}

/**
 * All strings at edit distance 1 from `word` over a-z, each with a typo
 * likelihood rank (lower = likelier, after Damerau's and Kukich's typo
 * surveys): 0 transposition, 1 a doubled letter restored ("batery" ->
 * "battery"), 2 other missing letter, 3 extra letter, 4 wrong letter.
 */
export function edits1(word: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (w: string, rank: number) => {
    if (w !== word && (out.get(w) ?? Infinity) > rank) out.set(w, rank);
  };
  for (let i = 0; i <= word.length; i++) {
    const [a, b] = [word.slice(0, i), word.slice(i)];
    if (b.length > 1) add(a + b[1] + b[0] + b.slice(2), 0);
    if (b) add(a + b.slice(1), 3);
    for (const c of ALPHABET) {
      add(a + c + b, c === b[0] || c === a[a.length - 1] ? 1 : 2);
      if (b) add(a + c + b.slice(1), 4);
    }
  }
  return out;
}

/**
 * Builds a corrector over `dict`, ranking candidates by `corpusCounts` (word
 * -> occurrences in the data being cleaned), then by typo kind (see {@link edits1}). Corrections are memoised.
 * Deterministic.
 */
export function createSpellCorrector(dict: Set<string>, corpusCounts: Map<string, number>): SpellCorrector {
  const memo = new Map<string, string>();
  const isKnown = (w: string) => isKnownWord(w, dict);
  const correct = (word: string): string => {
    if (word.length < 4 || !/^[a-z]+$/.test(word) || isKnown(word)) return word;
    const hit = memo.get(word);
    if (hit !== undefined) return hit;
    const edits = edits1(word);
    const count = (w: string) => corpusCounts.get(w) ?? 0;
    const candidates = [...edits.keys()].filter(isKnown);
    candidates.sort((x, y) => count(y) - count(x) || edits.get(x)! - edits.get(y)! || (x < y ? -1 : 1));
    const fixed = candidates[0] ?? word;
    memo.set(word, fixed);
    return fixed;
  };
  return { isKnown, correct };
}

/** Counts lowercase alphabetic words across texts (the corpus frequencies for ranking). */
export function countWords(texts: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts)
    for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/**
 * Corrects each lowercase alphabetic word of a text, keeping punctuation and
 * spacing; words touching an apostrophe or digit ("wouldn't", "mp3") and
 * capitalised words (likely names) are left alone. Pure given the corrector.
 */
export function correctSpelling(text: string, corrector: SpellCorrector): string {
  return text.replace(/(?<![\w'\u2019])[A-Za-z]+(?![\w'\u2019])/g, (w) => corrector.correct(w));
}
