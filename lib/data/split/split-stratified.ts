import type { CurationConfig } from '../dataset-schema';
import type { Example } from '../../core/example';
import { ConfigError, DataError } from '../../core/errors';
import { createRng, shuffled, type Rng } from '../../core/rng';
import { makeStageReport, type StageReport } from '../stage-report';

/**
 * Split fractions from `curation.split` (`val`, `test`: fractions of each
 * label's rows, in [0, 1)) plus the run seed and an optional grouping mode.
 */
export type SplitOptions = Pick<CurationConfig['split'], 'val' | 'test'> & SplitExtras;

/** The parts of {@link SplitOptions} that are not in the config. */
export interface SplitExtras {
  /** Run seed: the same rows and seed always give the same split. */
  seed: number;
  /**
   * 'group': keep all rows sharing `Example.group` in one split (e.g. several
   * reviews by one author, to avoid leakage). Off by default, because `group`
   * may mean something else: the builtin dataset uses it for the *source*
   * (amazon/imdb/yelp), and splitting by source would put whole domains in
   * one split.
   */
  groupBy?: 'group' | 'none';
}

/** Result of {@link splitStratified}. */
export interface SplitResult {
  train: Example[];
  val: Example[];
  test: Example[];
  report: StageReport;
}

type SplitName = 'train' | 'val' | 'test';
const SPLITS: readonly SplitName[] = ['train', 'val', 'test'];

/**
 * Splits examples into train / val / test, stratified by label.
 *
 * Contract:
 * - Every row lands in exactly one split (ids must be unique).
 * - Deterministic: the assignment depends only on the set of rows (by id) and
 *   the seed, not on input order; each split lists rows in input order.
 * - Per label, `round(n * val)` rows go to val and `round(n * test)` to test;
 *   a label with at least 3 rows gets at least one row in every split, and
 *   train always keeps at least one row of every label.
 * - With `groupBy: 'group'`, whole groups go to one split (rows without a
 *   group are their own group); groups are assigned greedily, largest first,
 *   to the split whose per-label quota they fill best, so stratification and
 *   the "every label in every split" rule are then best effort.
 * - Report stage: 'split' (drops nothing).
 *
 * @throws ConfigError when the fractions are out of range; DataError on
 *   duplicate ids.
 */
export function splitStratified(rows: Example[], opts: SplitOptions): SplitResult {
  checkOptions(opts);
  assertUniqueIds(rows);
  const rng = createRng(opts.seed);
  const assignment =
    opts.groupBy === 'group' ? assignGroups(rows, opts, rng.fork('groups')) : assignByLabel(rows, opts, rng);
  const out: Record<SplitName, Example[]> = { train: [], val: [], test: [] };
  for (const row of rows) out[assignment.get(row.id)!].push(row);
  return { ...out, report: makeStageReport('split', rows.length, rows.length) };
}

/** How many of `n` rows of one label go to val and test. */
export function labelQuota(n: number, val: number, test: number): { val: number; test: number } {
  let nVal = Math.round(n * val);
  let nTest = Math.round(n * test);
  if (n >= 3) {
    nVal = Math.max(1, nVal);
    nTest = Math.max(1, nTest);
  }
  while (n > 0 && nVal + nTest > n - 1) {
    if (nVal >= nTest) nVal--;
    else nTest--;
  }
  return { val: Math.max(0, nVal), test: Math.max(0, nTest) };
}

function assignByLabel(rows: Example[], opts: SplitOptions, rng: Rng): Map<string, SplitName> {
  const assignment = new Map<string, SplitName>();
  for (const [label, members] of byLabel(rows)) {
    const ordered = shuffled([...members].sort(compareIds), rng.fork(`label:${label}`));
    const quota = labelQuota(ordered.length, opts.val, opts.test);
    ordered.forEach((row, i) => {
      assignment.set(row.id, i < quota.test ? 'test' : i < quota.test + quota.val ? 'val' : 'train');
    });
  }
  return assignment;
}

function assignGroups(rows: Example[], opts: SplitOptions, rng: Rng): Map<string, SplitName> {
  const groups = new Map<string, Example[]>();
  for (const row of rows) {
    const key = row.group !== undefined ? `g:${row.group}` : `id:${row.id}`;
    const members = groups.get(key) ?? [];
    members.push(row);
    groups.set(key, members);
  }
  const keys = shuffled([...groups.keys()].sort(), rng).sort((a, b) => groups.get(b)!.length - groups.get(a)!.length);
  const fractions: Record<SplitName, number> = { train: 1 - opts.val - opts.test, val: opts.val, test: opts.test };
  const labelTotals = countByLabel(rows);
  const current: Record<SplitName, Map<string, number>> = { train: new Map(), val: new Map(), test: new Map() };
  const assignment = new Map<string, SplitName>();
  for (const key of keys) {
    const members = groups.get(key)!;
    const counts = countByLabel(members);
    let best: SplitName = 'train';
    let bestScore = -Infinity;
    for (const split of SPLITS) {
      let score = 0;
      for (const [label, c] of counts) {
        const deficit = labelTotals.get(label)! * fractions[split] - (current[split].get(label) ?? 0);
        score += c * deficit;
      }
      if (score > bestScore) [best, bestScore] = [split, score];
    }
    for (const [label, c] of counts) current[best].set(label, (current[best].get(label) ?? 0) + c);
    for (const row of members) assignment.set(row.id, best);
  }
  return assignment;
}

function byLabel(rows: Example[]): Map<string, Example[]> {
  const out = new Map<string, Example[]>();
  for (const label of [...new Set(rows.map((r) => r.label))].sort()) out.set(label, []);
  for (const row of rows) out.get(row.label)!.push(row);
  return out;
}

function countByLabel(rows: Example[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) out.set(row.label, (out.get(row.label) ?? 0) + 1);
  return out;
}

function compareIds(a: Example, b: Example): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function checkOptions(opts: SplitOptions): void {
  const ok = (f: number) => Number.isFinite(f) && f >= 0 && f < 1;
  if (!ok(opts.val) || !ok(opts.test) || opts.val + opts.test >= 1) {
    throw new ConfigError(
      `curation.split fractions must be in [0, 1) and leave rows for training (val=${opts.val}, test=${opts.test}); lower them`,
      { val: opts.val, test: opts.test },
    );
  }
}

function assertUniqueIds(rows: Example[]): void {
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.id))
      throw new DataError(`example id "${row.id}" appears twice; ids must be unique before splitting`);
    seen.add(row.id);
  }
}
