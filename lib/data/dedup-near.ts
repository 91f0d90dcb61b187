import type { Example } from '../core/example';
import { ConfigError } from '../core/errors';
import { chooseBands, estimateJaccard, hashFamily, LshIndex, minhashSignature, shingleHashes } from './minhash';
import type { NearDedupOptions } from './curation-options';
import { makeStageReport, type StageReport } from './stage-report';

/** One dropped near-duplicate, with the kept row it matched and the evidence. */
export interface NearDuplicateRecord {
  id: string;
  duplicateOf: string;
  /** Estimated Jaccard similarity of the two texts' shingle sets (MinHash). */
  similarity: number;
  reason: 'near-duplicate' | 'near-duplicate-conflicting-label' | 'near-duplicate-of-val' | 'near-duplicate-of-test';
}

/** Result of {@link dedupNear} and {@link dedupAcrossSplits}. */
export interface NearDedupResult {
  rows: Example[];
  report: StageReport;
  duplicates: NearDuplicateRecord[];
}

/** A reusable signer: text -> signature, with the LSH geometry fixed by the options. */
interface Signer {
  sign(text: string): Uint32Array;
  newIndex(): LshIndex;
}

function makeSigner(opts: NearDedupOptions, seed: number): Signer {
  const bands = opts.bands ?? chooseBands(opts.numHashes, opts.threshold);
  if (opts.numHashes % bands !== 0) {
    throw new ConfigError(`curation.nearDedup.bands=${bands} must divide numHashes=${opts.numHashes}; omit bands to choose automatically`);
  }
  const family = hashFamily(opts.numHashes, seed);
  return {
    sign: (text) => minhashSignature(shingleHashes(text, opts.shingleSize), family),
    newIndex: () => new LshIndex(opts.numHashes, bands),
  };
}

/**
 * Below this many (train x held-out) pairs the leakage guard compares every
 * pair's signatures instead of trusting LSH candidates (~0.5 s at the limit),
 * so on small and medium datasets no pair above the threshold can slip
 * through a band miss.
 */
export const EXHAUSTIVE_PAIR_LIMIT = 5_000_000;

/** Best (most similar, then earliest) verified match among LSH candidates (or all items), or undefined. */
function bestMatch(sig: Uint32Array, index: LshIndex | null, sigs: Uint32Array[], threshold: number): { at: number; similarity: number } | undefined {
  let best: { at: number; similarity: number } | undefined;
  const candidates = index ? index.candidates(sig) : sigs.keys();
  for (const at of candidates) {
    const similarity = estimateJaccard(sig, sigs[at]);
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { at, similarity };
  }
  return best;
}

/**
 * Removes near-duplicates within one set of rows: each row, in input order,
 * is compared (via LSH candidates, verified on the full signature) with the
 * rows kept so far and dropped when its estimated Jaccard similarity to one of
 * them is >= `threshold`. The first occurrence wins; a dropped row is not
 * indexed, so chains (a~b, b~c, a!~c) keep c. Same text with a different label
 * is counted as 'near-duplicate-conflicting-label'.
 *
 * Deterministic for (rows, options, seed); preserves order; pure.
 * Report stage: 'near-dedup'.
 */
export function dedupNear(rows: Example[], opts: NearDedupOptions, seed: number): NearDedupResult {
  const signer = makeSigner(opts, seed);
  const index = signer.newIndex();
  const keptSigs: Uint32Array[] = [];
  const kept: Example[] = [];
  const duplicates: NearDuplicateRecord[] = [];
  for (const row of rows) {
    const sig = signer.sign(row.text);
    const match = bestMatch(sig, index, keptSigs, opts.threshold);
    if (match) {
      const first = kept[match.at];
      const reason = first.label === row.label ? 'near-duplicate' : 'near-duplicate-conflicting-label';
      duplicates.push({ id: row.id, duplicateOf: first.id, similarity: match.similarity, reason });
      continue;
    }
    index.insert(kept.length, sig);
    keptSigs.push(sig);
    kept.push(row);
  }
  return { rows: kept, report: makeStageReport('near-dedup', rows.length, kept.length, countBy(duplicates)), duplicates };
}

/**
 * Leakage guard across splits: drops every TRAIN row whose estimated Jaccard
 * similarity to some val or test row is >= `threshold` (val and test are never
 * changed: they are what the model is judged on). The record names the val /
 * test row matched. Exhaustive (every pair compared) up to
 * {@link EXHAUSTIVE_PAIR_LIMIT} pairs; above it, LSH candidates (probabilistic:
 * a pair just above the threshold may be missed). Deterministic; preserves
 * train order.
 * Report stage: 'near-dedup-across-splits'.
 */
export function dedupAcrossSplits(
  splits: { train: Example[]; val: Example[]; test: Example[] },
  opts: NearDedupOptions,
  seed: number,
): NearDedupResult {
  const signer = makeSigner(opts, seed);
  const index = signer.newIndex();
  const heldOut = [...splits.val.map((row) => ({ row, split: 'val' as const })), ...splits.test.map((row) => ({ row, split: 'test' as const }))];
  const sigs = heldOut.map(({ row }, i) => {
    const sig = signer.sign(row.text);
    index.insert(i, sig);
    return sig;
  });
  const exhaustive = splits.train.length * heldOut.length <= EXHAUSTIVE_PAIR_LIMIT;
  const kept: Example[] = [];
  const duplicates: NearDuplicateRecord[] = [];
  for (const row of splits.train) {
    const match = bestMatch(signer.sign(row.text), exhaustive ? null : index, sigs, opts.threshold);
    if (!match) {
      kept.push(row);
      continue;
    }
    const other = heldOut[match.at];
    duplicates.push({ id: row.id, duplicateOf: other.row.id, similarity: match.similarity, reason: `near-duplicate-of-${other.split}` });
  }
  const report = makeStageReport('near-dedup-across-splits', splits.train.length, kept.length, countBy(duplicates));
  return { rows: kept, report, duplicates };
}

function countBy(duplicates: NearDuplicateRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of duplicates) counts[d.reason] = (counts[d.reason] ?? 0) + 1;
  return counts;
}
