import type { ExperimentConfig } from '../../configs/experiment-schema';
import type { Example } from '../core/example';
import { DataError } from '../core/errors';
import { cleanExamples } from './clean-text';
import { dedupExact } from './dedup-exact';
import type { RawRow } from './raw-row';
import { splitStratified } from './split-stratified';
import { makeStageReport, type StageReport } from './stage-report';
import { validateRows, type QuarantinedRow } from './validate-rows';

/** The parts of the experiment config that curation reads. */
export type CurationInput = Pick<ExperimentConfig, 'dataset' | 'curation'>;

/** Result of {@link curateDataset}. */
export interface CuratedDataset {
  splits: { train: Example[]; val: Example[]; test: Example[] };
  labels: string[];
  quarantined: QuarantinedRow[];
  /** One report per stage, in order: validate, clean, dedup, split (the data funnel). */
  reports: StageReport[];
}

/**
 * Curates raw rows into train / val / test: validate -> clean -> dedup ->
 * stratified split, so the activity layer is one call. Augmentation is a
 * separate stage (see `augmentTrainSet`), applied to `splits.train` only.
 *
 * Pure and deterministic for (raw, config, seed). With `curation.dedup =
 * 'none'` the dedup report drops nothing. No exact-duplicate text (after
 * cleaning) can appear in two splits when dedup is 'exact'.
 *
 * @throws DataError from validation (empty, too many bad rows, single class),
 *   when val or test would be empty (too few rows),
 *   or when cleaning and dedup leave fewer than 2 labels.
 */
export function curateDataset(raw: RawRow[], config: CurationInput, seed: number): CuratedDataset {
  const { dataset, curation } = config;
  const validated = validateRows(raw, {
    labels: dataset.labels,
    maxTextChars: dataset.maxTextChars,
    maxBadFraction: dataset.maxBadFraction,
  });
  const cleaned = cleanExamples(validated.valid, { lowercase: curation.lowercase, stripHtml: curation.stripHtml });
  const deduped =
    curation.dedup === 'exact'
      ? dedupExact(cleaned.rows)
      : { rows: cleaned.rows, report: makeStageReport('dedup', cleaned.rows.length, cleaned.rows.length) };
  assertTwoLabels(deduped.rows);
  const split = splitStratified(deduped.rows, { val: curation.split.val, test: curation.split.test, seed });
  assertEvaluableSplits(split);
  return {
    splits: { train: split.train, val: split.val, test: split.test },
    labels: validated.labels,
    quarantined: validated.quarantined,
    reports: [validated.report, cleaned.report, deduped.report, split.report],
  };
}

function assertTwoLabels(rows: Example[]): void {
  const labels = new Set(rows.map((r) => r.label));
  if (labels.size < 2) {
    throw new DataError(
      `dataset has a single class after cleaning and dedup (${labels.size} label(s) left among ${rows.length} rows); ` +
        'a classifier needs at least 2 labels. Check the data or disable curation.stripHtml / curation.dedup.',
    );
  }
}

/** Too few rows leave val or test empty: trials would score NaN and the test metrics would mean nothing. */
function assertEvaluableSplits(split: { train: Example[]; val: Example[]; test: Example[] }): void {
  if (split.val.length > 0 && split.test.length > 0) return;
  throw new DataError(
    `dataset is too small to evaluate: after curation the splits have train ${split.train.length}, val ${split.val.length}, test ${split.test.length} rows; ` +
      'val and test need at least one row each. Provide more rows (at least 3 per label) or raise curation.split.val / curation.split.test.',
    { train: split.train.length, val: split.val.length, test: split.test.length },
  );
}
