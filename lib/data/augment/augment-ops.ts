import type { Rng } from '../../core/rng';
import type { Augmenter } from './augmenter';
import { englishStopwords } from '../clean/remove-stopwords';
import { wordnetSynonyms, type SynonymSource } from './wordnet-synonyms';

/*
 * More EDA ops (Wei & Zou, 2019) and character noise. Their option schemas
 * (SynonymOpSchema, RandomInsertionOpSchema, CharNoiseOpSchema) are in
 * curation-options.ts.
 */

/** Stop words never get replaced: their "synonyms" in WordNet are mostly wrong senses. */
const STOP = englishStopwords([]);

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

/** The word with its punctuation split off, so "great!" is looked up as "great". */
function core(w: string): { pre: string; word: string; post: string } {
  const m = /^(\p{P}*)(.*?)(\p{P}*)$/u.exec(w)!;
  return { pre: m[1], word: m[2], post: m[3] };
}

function replaceable(w: string, source: SynonymSource): string[] {
  const { word } = core(w);
  return /^[a-z]+$/i.test(word) && !STOP.has(word.toLowerCase()) ? source.synonyms(word) : [];
}

/**
 * EDA synonym replacement: replaces n = max(1, round(rate * words)) distinct
 * random non-stop words that have WordNet synonyms by a random synonym
 * (punctuation kept). Texts without such words are returned unchanged.
 */
export function synonymReplacement(rateValue: number, source: SynonymSource = wordnetSynonyms()): Augmenter {
  return {
    kind: 'synonym',
    apply(text: string, rng: Rng) {
      const w = words(text);
      const candidates = w.map((x, i) => i).filter((i) => replaceable(w[i], source).length > 0);
      const n = Math.min(candidates.length, Math.max(1, Math.round(rateValue * w.length)));
      for (let k = 0; k < n; k++) {
        const pick = candidates.splice(rng.int(candidates.length), 1)[0];
        const syns = replaceable(w[pick], source);
        const { pre, post } = core(w[pick]);
        w[pick] = pre + syns[rng.int(syns.length)] + post;
      }
      return n === 0 ? text : w.join(' ');
    },
  };
}

/**
 * EDA random insertion: n = max(1, round(rate * words)) times, inserts a
 * random synonym of a random (non-stop) word of the text at a random
 * position. Unchanged when no word has a synonym.
 */
export function randomInsertion(rateValue: number, source: SynonymSource = wordnetSynonyms()): Augmenter {
  return {
    kind: 'random-insertion',
    apply(text: string, rng: Rng) {
      const w = words(text);
      const candidates = w.filter((x) => replaceable(x, source).length > 0);
      if (candidates.length === 0) return text;
      const n = Math.max(1, Math.round(rateValue * w.length));
      for (let k = 0; k < n; k++) {
        const syns = replaceable(candidates[rng.int(candidates.length)], source);
        w.splice(rng.int(w.length + 1), 0, syns[rng.int(syns.length)]);
      }
      return w.join(' ');
    },
  };
}

/** QWERTY neighbours of each letter, for realistic substitution typos. */
const KEYBOARD: Record<string, string> = {
  q: 'wa',
  w: 'qes',
  e: 'wrd',
  r: 'etf',
  t: 'ryg',
  y: 'tuh',
  u: 'yij',
  i: 'uok',
  o: 'ipl',
  p: 'ol',
  a: 'qsz',
  s: 'adwx',
  d: 'sfec',
  f: 'dgrv',
  g: 'fhtb',
  h: 'gjyn',
  j: 'hkum',
  k: 'jli',
  l: 'kop',
  z: 'asx',
  x: 'zsdc',
  c: 'xdfv',
  v: 'cfgb',
  b: 'vghn',
  n: 'bhjm',
  m: 'njk',
};

/**
 * Character noise (typos): each word of 3+ letters is, with probability
 * `rate`, given one typo at a random inner position: adjacent swap, deletion,
 * doubled letter or a QWERTY-neighbour substitution (equally likely).
 * Makes a model robust to user typos; keeps word count.
 */
export function charNoise(rateValue: number): Augmenter {
  return {
    kind: 'char-noise',
    apply(text: string, rng: Rng) {
      return words(text)
        .map((w) => (w.length >= 3 && /^[a-z]+$/i.test(w) && rng.next() < rateValue ? typo(w, rng) : w))
        .join(' ');
    },
  };
}

function typo(w: string, rng: Rng): string {
  const i = 1 + rng.int(w.length - 2); // inner position, keeps first letter
  switch (rng.int(4)) {
    case 0:
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    case 1:
      return w.slice(0, i) + w.slice(i + 1);
    case 2:
      return w.slice(0, i) + w[i] + w.slice(i);
    default: {
      const near = KEYBOARD[w[i].toLowerCase()] ?? w[i];
      return w.slice(0, i) + near[rng.int(near.length)] + w.slice(i + 1);
    }
  }
}
