import { DataError } from '../../core/errors';
import { createRng, shuffled } from '../../core/rng';

/** Train and held-out texts for the LM of a pretrain step. */
export interface PretrainCorpus {
  train: string[];
  val: string[];
}

/** A corpus file: one document per line; blank lines and surrounding whitespace dropped. */
export function corpusLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/**
 * Samples at most `maxTexts` documents (seeded, so a retried attempt sees the
 * same corpus) and holds out 10% of them, at most 200, for perplexity.
 * Throws DataError naming `field` when fewer than 20 non-empty documents remain.
 */
export function splitPretrainCorpus(
  texts: readonly string[],
  maxTexts: number,
  seed: number,
  field = 'model.pretrain.corpus',
): PretrainCorpus {
  const docs = texts.map((t) => t.trim()).filter((t) => t.length > 0);
  if (docs.length < 20) {
    throw new DataError(`${field} has ${docs.length} non-empty documents; the LM needs at least 20 (one per line)`, {
      field,
      documents: docs.length,
    });
  }
  const sample = shuffled(docs, createRng(seed).fork(7001)).slice(0, maxTexts);
  const held = Math.min(200, Math.max(2, Math.floor(sample.length * 0.1)));
  return { train: sample.slice(held), val: sample.slice(0, held) };
}
