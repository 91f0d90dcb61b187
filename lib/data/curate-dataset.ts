import type { CurationConfig, DatasetConfig } from './dataset-schema';
import type { Example } from '../core/example';
import { DataError } from '../core/errors';
import { balanceTrainSet, classBalance, type ClassBalance } from './split/balance';
import { applyCleanExtras } from './clean/clean-extras';
import { cleanExamples } from './clean/clean-text';
import { dedupExact, type DuplicateRecord } from './dedup/dedup-exact';
import { dedupAcrossSplits, dedupNear, type NearDuplicateRecord } from './dedup/dedup-near';
import { findLabelIssues, type LabelIssue } from './quality/label-quality';
import type { RawRow } from './ingest/raw-row';
import { hasGivenSplits, splitAsGiven } from './split/given-splits';
import { runSteps, type ProgressDetail, type Steps } from '../core/progress';
import { splitStratified } from './split/split-stratified';
import { makeStageReport, type StageReport } from './stage-report';
import { validateRows, type QuarantinedRow } from './validate-rows';
import { assertEnoughTrainRowsPerClass } from './quality/rows-per-class';

/** The parts of the experiment config that curation reads. */
export type CurationInput = { dataset: DatasetConfig; curation: CurationConfig };

/** Result of {@link curateDataset}. */
export interface CuratedDataset {
  splits: { train: Example[]; val: Example[]; test: Example[] };
  labels: string[];
  quarantined: QuarantinedRow[];
  /**
   * One report per stage that ran, in order (the data funnel): validate,
   * clean, [clean-extras], dedup, [near-dedup], split, then the train-only
   * stages [near-dedup-across-splits], [label-quality], [balance]. Stages in
   * brackets appear only when their options are set, so default configs keep
   * the four-stage funnel. Train-only stages count train rows.
   */
  reports: StageReport[];
  /** What was dropped or flagged and why, for the curation report artifact. */
  details: CurationDetails;
  /** Per-label loss weights for training; set only with `curation.balance.method = 'class-weights'`. */
  classWeights?: Record<string, number>;
}

/** Evidence behind the funnel: every dropped duplicate, every flagged label. */
export interface CurationDetails {
  exactDuplicates: DuplicateRecord[];
  /** Near-duplicates within the data and train rows dropped for leaking into val/test, with estimated similarity. */
  nearDuplicates: NearDuplicateRecord[];
  labelIssues: LabelIssue[];
  labelQuality?: { thresholds: Record<string, number>; removed: boolean; skipped?: string };
  /** Class balance of each split as returned, and of train before balancing. */
  classBalance: { trainBeforeBalancing: ClassBalance; train: ClassBalance; val: ClassBalance; test: ClassBalance };
  /** How many texts each optional cleaning step changed. */
  cleaningChanges?: Record<string, number>;
  /** Present when the dataset's split column fixed the splits (then curation.split fractions and groupBy are not used, except val carved from train when the file gives none). */
  givenSplits?: { valCarvedFromTrain: boolean };
}

/**
 * Curates raw rows into train / val / test: validate -> clean -> [cleaning
 * extras] -> exact dedup -> [near dedup] -> stratified (optionally grouped)
 * split, or the split the data gives (see given-splits.ts) -> [train-only: near-dup leakage guard, label-quality check,
 * balancing], so the activity layer is one call. Augmentation is a
 * separate stage (see `augmentTrainSet`), applied to `splits.train` only.
 *
 * Pure and deterministic for (raw, config, seed). With `curation.dedup =
 * 'none'` the dedup report drops nothing. No exact-duplicate text (after
 * cleaning) can appear in two splits when dedup is 'exact'.
 *
 * @throws DataError from validation (empty, too many bad rows, single class),
 *   when val or test would be empty (too few rows), when the train split has fewer
 *   than `dataset.minTrainRowsPerClass` rows per class on average,
 *   or when cleaning and dedup leave fewer than 2 labels.
 */
export function curateDataset(raw: RawRow[], config: CurationInput, seed: number): CuratedDataset {
  return runSteps(curateDatasetSteps(raw, config, seed));
}

/** The stages {@link curateDatasetSteps} runs for `curation`, in order (the `total` of its progress). */
export function plannedCurationStages(curation: CurationInput['curation']): string[] {
  const extras =
    curation.maskPii ||
    curation.removeStopwords ||
    curation.spellCorrect ||
    curation.minWords > 1 ||
    curation.maxWords !== undefined;
  return [
    'validate',
    'clean',
    ...(extras ? ['clean-extras'] : []),
    'dedup',
    ...(curation.nearDedup.enabled ? ['near-dedup'] : []),
    'split',
    ...(curation.nearDedup.enabled && curation.nearDedup.acrossSplits ? ['near-dedup-across-splits'] : []),
    ...(curation.labelQuality.enabled ? ['label-quality'] : []),
    ...(curation.balance.method !== 'none' ? ['balance'] : []),
  ];
}

/**
 * {@link curateDataset} as chunked steps: yields `{stage, done, total}` after
 * each stage (done = stages finished of {@link plannedCurationStages}), so the
 * curation activity can heartbeat and honour cancellation between stages.
 */
export function* curateDatasetSteps(raw: RawRow[], config: CurationInput, seed: number): Steps<CuratedDataset> {
  const planned = plannedCurationStages(config.curation);
  let finished = 0;
  const done = (stage: string): ProgressDetail => ({ stage, done: ++finished, total: planned.length });
  const { dataset, curation } = config;
  const validated = validateRows(raw, {
    labels: dataset.labels,
    maxTextChars: dataset.maxTextChars,
    maxBadFraction: dataset.maxBadFraction,
    labelCase: dataset.labelCase,
    splitField: dataset.source.kind === 'uri' ? dataset.source.splitField : 'split',
  });
  const reports: StageReport[] = [validated.report];
  yield done('validate');
  const cleaned = cleanExamples(validated.valid, { lowercase: curation.lowercase, stripHtml: curation.stripHtml });
  reports.push(cleaned.report);
  yield done('clean');
  let rows = cleaned.rows;
  let cleaningChanges: Record<string, number> | undefined;
  if (planned.includes('clean-extras')) {
    const extra = applyCleanExtras(rows, curation);
    [rows, cleaningChanges] = [extra.rows, extra.changed];
    reports.push(extra.report);
    yield done('clean-extras');
  }
  const exact =
    curation.dedup === 'exact'
      ? dedupExact(rows)
      : { rows, report: makeStageReport('dedup', rows.length, rows.length), duplicates: [] };
  reports.push(exact.report);
  yield done('dedup');
  rows = exact.rows;
  const nearDuplicates: NearDuplicateRecord[] = [];
  if (curation.nearDedup.enabled) {
    const near = dedupNear(rows, curation.nearDedup, seed);
    rows = near.rows;
    nearDuplicates.push(...near.duplicates);
    reports.push(near.report);
    yield done('near-dedup');
  }
  assertTwoLabels(rows);
  const given = hasGivenSplits(rows) ? splitAsGiven(rows, curation.split.val, seed) : undefined;
  const split =
    given ??
    splitStratified(rows, {
      val: curation.split.val,
      test: curation.split.test,
      seed,
      groupBy: curation.split.groupBy,
    });
  assertEvaluableSplits(split);
  assertEnoughTrainRowsPerClass(split, rows, dataset.minTrainRowsPerClass);
  reports.push(split.report);
  yield done('split');
  const trainOnly = yield* curateTrainSteps(split, config, seed, reports, done);
  nearDuplicates.push(...trainOnly.nearDuplicates);
  const details: CurationDetails = {
    exactDuplicates: exact.duplicates,
    nearDuplicates,
    labelIssues: trainOnly.labelIssues,
    ...(trainOnly.labelQuality ? { labelQuality: trainOnly.labelQuality } : {}),
    classBalance: {
      trainBeforeBalancing: trainOnly.before,
      train: classBalance(trainOnly.train),
      val: classBalance(split.val),
      test: classBalance(split.test),
    },
    ...(cleaningChanges ? { cleaningChanges } : {}),
    ...(given ? { givenSplits: { valCarvedFromTrain: given.valCarvedFromTrain } } : {}),
  };
  return {
    splits: { train: trainOnly.train, val: split.val, test: split.test },
    labels: validated.labels,
    quarantined: validated.quarantined,
    reports,
    details,
    ...(trainOnly.classWeights ? { classWeights: trainOnly.classWeights } : {}),
  };
}

/**
 * The stages that touch TRAIN only (val/test are what the model is judged on):
 * leakage guard, label-quality check, balancing. Appends their reports.
 */
function* curateTrainSteps(
  split: { train: Example[]; val: Example[]; test: Example[] },
  config: CurationInput,
  seed: number,
  reports: StageReport[],
  done: (stage: string) => ProgressDetail,
) {
  const { curation } = config;
  let train = split.train;
  const nearDuplicates: NearDuplicateRecord[] = [];
  if (curation.nearDedup.enabled && curation.nearDedup.acrossSplits) {
    const across = dedupAcrossSplits({ train, val: split.val, test: split.test }, curation.nearDedup, seed);
    train = across.rows;
    nearDuplicates.push(...across.duplicates);
    reports.push(across.report);
    yield done('near-dedup-across-splits');
  }
  let labelIssues: LabelIssue[] = [];
  let labelQuality: CurationDetails['labelQuality'];
  if (curation.labelQuality.enabled) {
    const lq = findLabelIssues(train, curation.labelQuality, seed);
    [train, labelIssues] = [lq.rows, lq.issues];
    labelQuality = {
      thresholds: lq.thresholds,
      removed: curation.labelQuality.remove,
      ...(lq.skipped ? { skipped: lq.skipped } : {}),
    };
    reports.push(lq.report);
    yield done('label-quality');
  }
  const before = classBalance(train);
  let classWeights: Record<string, number> | undefined;
  if (curation.balance.method !== 'none') {
    const balanced = balanceTrainSet(train, curation.balance, seed);
    [train, classWeights] = [balanced.rows, balanced.classWeights];
    reports.push(balanced.report);
    yield done('balance');
  }
  return { train, nearDuplicates, labelIssues, labelQuality, before, classWeights };
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
