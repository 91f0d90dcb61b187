import type { Example } from '../../core/example';
import { ConfigError } from '../../core/errors';
import {
  chooseBands,
  estimateJaccard,
  exactJaccard,
  hashFamily,
  LshIndex,
  minhashSignature,
  shingleHashes,
} from './minhash';
import type { NearDedupOptions } from '../curation-options';
import { makeStageReport, type StageReport } from '../stage-report';

/** One dropped near-duplicate, with the kept row it matched and the evidence. */
export interface NearDuplicateRecord {
  id: string;
  duplicateOf: string;
  /** Exact Jaccard similarity of the two texts' shingle sets (the drop decision). */
  similarity: number;
  /** MinHash estimate of the same similarity (what found the pair). */
  estimatedSimilarity: number;
  reason: 'near-duplicate' | 'near-duplicate-conflicting-label' | 'near-duplicate-of-val' | 'near-duplicate-of-test';
}

/** Result of {@link dedupNear} and {@link dedupAcrossSplits}. */
export interface NearDedupResult {
  rows: Example[];
  report: StageReport;
  duplicates: NearDuplicateRecord[];
}

/** A text's shingle set and MinHash signature. */
interface Signed {
  shingles: Set<number>;
  sig: Uint32Array;
}

/** A reusable signer: text -> signature, with the LSH geometry fixed by the options. */
interface Signer {
  sign(text: string): Signed;
  newIndex(): LshIndex;
}

function makeSigner(opts: NearDedupOptions, seed: number): Signer {
  const bands = opts.bands ?? chooseBands(opts.numHashes, opts.threshold);
  if (opts.numHashes % bands !== 0) {
    throw new ConfigError(
      `curation.nearDedup.bands=${bands} must divide numHashes=${opts.numHashes}; omit bands to choose automatically`,
    );
  }
  const family = hashFamily(opts.numHashes, seed);
  return {
    sign: (text) => {
      const shingles = shingleHashes(text, opts.shingleSize);
      return { shingles, sig: minhashSignature(shingles, family) };
    },
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

/**
 * Candidates whose MinHash estimate is this far below the threshold are not
 * verified: with 128 hashes the estimate's standard error is <= 0.045, so a
 * pair truly at the threshold is skipped with probability ~1e-5.
 */
const PREFILTER_MARGIN = 0.2;

interface Match {
  at: number;
  similarity: number;
  estimatedSimilarity: number;
}

/**
 * Best (most similar, then earliest) match among LSH candidates (or all
 * items when `index` is null): pre-filtered on the MinHash estimate, decided
 * on the exact Jaccard of the shingle sets, so estimator noise near the
 * threshold neither drops a pair below it nor keeps a pair above it.
 */
function bestMatch(item: Signed, index: LshIndex | null, items: Signed[], threshold: number): Match | undefined {
  let best: Match | undefined;
  const candidates = index ? index.candidates(item.sig) : items.keys();
  for (const at of candidates) {
    const estimatedSimilarity = estimateJaccard(item.sig, items[at].sig);
    if (estimatedSimilarity < threshold - PREFILTER_MARGIN) continue;
    const similarity = exactJaccard(item.shingles, items[at].shingles);
    if (similarity >= threshold && (!best || similarity > best.similarity))
      best = { at, similarity, estimatedSimilarity };
  }
  return best;
}

/**
 * Removes near-duplicates within one set of rows: each row, in input order,
 * is compared (LSH candidates, verified on the exact shingle-set Jaccard) with
 * the rows kept so far and dropped when its Jaccard similarity to one of
 * them is >= `threshold`. Recall is probabilistic (a pair must share an LSH
 * band); precision is exact. The first occurrence wins; a dropped row is not
 * indexed, so chains (a~b, b~c, a!~c) keep c. Same text with a different label
 * is counted as 'near-duplicate-conflicting-label'.
 *
 * Deterministic for (rows, options, seed); preserves order; pure.
 * Report stage: 'near-dedup'.
 */
export function dedupNear(rows: Example[], opts: NearDedupOptions, seed: number): NearDedupResult {
  const signer = makeSigner(opts, seed);
  const index = signer.newIndex();
  const keptItems: Signed[] = [];
  const kept: Example[] = [];
  const duplicates: NearDuplicateRecord[] = [];
  for (const row of rows) {
    const item = signer.sign(row.text);
    const match = bestMatch(item, index, keptItems, opts.threshold);
    if (match) {
      const first = kept[match.at];
      const reason = first.label === row.label ? 'near-duplicate' : 'near-duplicate-conflicting-label';
      duplicates.push({
        id: row.id,
        duplicateOf: first.id,
        similarity: match.similarity,
        estimatedSimilarity: match.estimatedSimilarity,
        reason,
      });
      continue;
    }
    index.insert(kept.length, item.sig);
    keptItems.push(item);
    kept.push(row);
  }
  return {
    rows: kept,
    report: makeStageReport('near-dedup', rows.length, kept.length, countBy(duplicates)),
    duplicates,
  };
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
  const heldOut = [
    ...splits.val.map((row) => ({ row, split: 'val' as const })),
    ...splits.test.map((row) => ({ row, split: 'test' as const })),
  ];
  const items = heldOut.map(({ row }, i) => {
    const item = signer.sign(row.text);
    index.insert(i, item.sig);
    return item;
  });
  const exhaustive = splits.train.length * heldOut.length <= EXHAUSTIVE_PAIR_LIMIT;
  const kept: Example[] = [];
  const duplicates: NearDuplicateRecord[] = [];
  for (const row of splits.train) {
    const match = bestMatch(signer.sign(row.text), exhaustive ? null : index, items, opts.threshold);
    if (!match) {
      kept.push(row);
      continue;
    }
    const other = heldOut[match.at];
    const { similarity, estimatedSimilarity } = match;
    duplicates.push({
      id: row.id,
      duplicateOf: other.row.id,
      similarity,
      estimatedSimilarity,
      reason: `near-duplicate-of-${other.split}`,
    });
  }
  const report = makeStageReport('near-dedup-across-splits', splits.train.length, kept.length, countBy(duplicates));
  return { rows: kept, report, duplicates };
}

function countBy(duplicates: NearDuplicateRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of duplicates) counts[d.reason] = (counts[d.reason] ?? 0) + 1;
  return counts;
}
