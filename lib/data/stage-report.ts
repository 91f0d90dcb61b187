/**
 * The common report every curation stage returns. The run report draws the
 * data funnel (rows in -> rows kept, with drops by reason) from a list of these,
 * so every stage must satisfy: `in === kept + sum(dropped)` for filtering
 * stages; a stage that adds rows (augmentation) reports `kept > in` and no
 * drops for the added rows.
 */
export interface StageReport {
  /** Stage name: 'validate', 'clean', 'dedup', 'split', 'augment'. */
  stage: string;
  /** Rows that entered the stage. */
  in: number;
  /** Rows that left the stage. */
  kept: number;
  /** Rows dropped, counted by reason (e.g. `{ 'empty-text': 3 }`). Reasons with 0 are omitted. */
  dropped: Record<string, number>;
}

/**
 * Builds a {@link StageReport} from per-reason drop counts, omitting zero counts
 * and sorting reasons so reports are byte-identical for identical inputs.
 */
export function makeStageReport(
  stage: string,
  inCount: number,
  kept: number,
  dropped: Record<string, number> = {},
): StageReport {
  const sorted: Record<string, number> = {};
  for (const reason of Object.keys(dropped).sort()) {
    if (dropped[reason] > 0) sorted[reason] = dropped[reason];
  }
  return { stage, in: inCount, kept, dropped: sorted };
}

/** Counts occurrences of each reason string (helper for building {@link StageReport.dropped}). */
export function countReasons(reasons: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of reasons) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}
