/**
 * Data-problem evidence for the diagnosis: label-noise suspects from a model's
 * own predictions, and train/val/test leakage by duplicate text. Pure.
 */
import type { Example } from '../core/example';
import { DataError } from '../core/errors';
import { dedupKeyText } from '../data/dedup/dedup-exact';

/** One suspected mislabeled example. */
export interface LabelNoiseSuspect {
  index: number;
  label: number;
  predicted: number;
  confidence: number;
}

/**
 * Confident mistakes: examples whose predicted class has probability >=
 * `minConfidence` (default 0.9) but differs from the given label. A few are
 * expected; many (see diagnoseTraining's threshold) point at label noise —
 * a simplified confident-learning filter (Northcutt et al. 2021). Sorted by
 * confidence, highest first.
 */
export function flagLabelNoise(
  yTrue: readonly number[],
  probabilities: readonly (readonly number[])[],
  minConfidence = 0.9,
): LabelNoiseSuspect[] {
  if (yTrue.length !== probabilities.length)
    throw new DataError(`yTrue (${yTrue.length}) and probabilities (${probabilities.length}) differ in length`);
  const out: LabelNoiseSuspect[] = [];
  probabilities.forEach((row, i) => {
    let best = 0;
    for (let c = 1; c < row.length; c++) if (row[c] > row[best]) best = c;
    if (best !== yTrue[i] && row[best] >= minConfidence)
      out.push({ index: i, label: yTrue[i], predicted: best, confidence: row[best] });
  });
  return out.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
}

/** Texts shared between splits (after the dedup normalisation: case, punctuation, spacing). */
export interface LeakageReport {
  trainVal: number;
  trainTest: number;
  valTest: number;
  /** Up to 5 example ids per pair, to show the user. */
  examples: string[];
}

/** Counts examples of a later split whose normalised text also occurs in an earlier split. */
export function checkSplitLeakage(splits: {
  train: readonly Example[];
  val: readonly Example[];
  test: readonly Example[];
}): LeakageReport {
  const keys = (rows: readonly Example[]): Set<string> => new Set(rows.map((r) => dedupKeyText(r.text)));
  const train = keys(splits.train);
  const val = keys(splits.val);
  const examples: string[] = [];
  const overlap = (rows: readonly Example[], seen: Set<string>): number => {
    const hits = rows.filter((r) => seen.has(dedupKeyText(r.text)));
    examples.push(...hits.slice(0, 5).map((r) => r.id));
    return hits.length;
  };
  return {
    trainVal: overlap(splits.val, train),
    trainTest: overlap(splits.test, train),
    valTest: overlap(splits.test, val),
    examples,
  };
}
