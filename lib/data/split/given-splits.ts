import type { Example } from '../../core/example';
import { DataError } from '../../core/errors';
import { createRng, shuffled } from '../../core/rng';
import { makeStageReport } from '../stage-report';
import type { SplitResult } from './split-stratified';

/**
 * Splits the dataset file gives (its split column): honoured exactly, so a
 * user comparing against another tool trains and tests on identical rows.
 */

type SplitName = NonNullable<Example['split']>;

const SPLIT_SPELLINGS: Readonly<Record<string, SplitName>> = {
  train: 'train',
  training: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  dev: 'val',
  test: 'test',
};

/**
 * A raw split-column value as a split name (case and surrounding spaces
 * ignored; `validation`, `valid` and `dev` mean val, `training` means train);
 * undefined when the row gives none; null when the value is not a split.
 */
export function parseSplitValue(value: unknown): SplitName | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return null;
  const key = value.trim().toLowerCase();
  if (key === '') return undefined;
  return SPLIT_SPELLINGS[key] ?? null;
}

/**
 * A split column is all or nothing: when some valid rows name a split and
 * others do not, curation could neither honour it nor ignore it.
 * @throws DataError with both counts and the first row without a split.
 */
export function assertSplitsAllOrNone(valid: readonly Example[], splitField: string): void {
  const without = valid.filter((e) => e.split === undefined);
  if (without.length === 0 || without.length === valid.length) return;
  throw new DataError(
    `dataset split column "${splitField}": ${valid.length - without.length} valid rows name a split and ${without.length} do not ` +
      `(first: row ${without[0].id.slice(1)}); give every row train, val or test, or none (then curation splits)`,
    { withSplit: valid.length - without.length, withoutSplit: without.length },
  );
}

/** True when the rows carry the file's split assignment (see {@link assertSplitsAllOrNone}). */
export function hasGivenSplits(rows: readonly Example[]): boolean {
  return rows.length > 0 && rows[0].split !== undefined;
}

/**
 * Train / val / test as the rows' `split` says, in input order. When no row
 * is val, a stratified `valFraction` of each label's train rows (seeded; at
 * least one of a label with 3+ rows) becomes val, and `valCarvedFromTrain`
 * says so: the test rows are never touched.
 * @throws DataError when no row is train or none is test, naming the fix.
 */
export function splitAsGiven(
  rows: readonly Example[],
  valFraction: number,
  seed: number,
): SplitResult & { valCarvedFromTrain: boolean } {
  const by: Record<SplitName, Example[]> = { train: [], val: [], test: [] };
  for (const row of rows) by[row.split!].push(row);
  for (const name of ['train', 'test'] as const) {
    if (by[name].length === 0) {
      throw new DataError(
        `the dataset's split column gives no ${name} rows (train ${by.train.length}, val ${by.val.length}, test ${by.test.length} after curation); ` +
          `add ${name} rows, or drop the split column so curation splits the data`,
        { train: by.train.length, val: by.val.length, test: by.test.length },
      );
    }
  }
  let valCarvedFromTrain = false;
  if (by.val.length === 0) {
    valCarvedFromTrain = true;
    const rng = createRng(seed).fork('val-from-given-train');
    const toVal = new Set<string>();
    const byLabel = new Map<string, Example[]>();
    for (const row of by.train) byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), row]);
    for (const [, labelRows] of [...byLabel].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const n = labelRows.length;
      const take = n >= 3 ? Math.max(1, Math.round(n * valFraction)) : 0;
      for (const row of shuffled(labelRows, rng).slice(0, take)) toVal.add(row.id);
    }
    by.val = by.train.filter((r) => toVal.has(r.id));
    by.train = by.train.filter((r) => !toVal.has(r.id));
  }
  return { ...by, valCarvedFromTrain, report: makeStageReport('split', rows.length, rows.length) };
}
