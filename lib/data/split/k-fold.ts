import type { Example } from '../../core/example';
import { ConfigError, DataError } from '../../core/errors';
import { createRng, shuffled } from '../../core/rng';

/** One fold of {@link kFoldSplit}: ids of the rows to train on and to validate on. */
export interface Fold {
  index: number;
  trainIds: string[];
  valIds: string[];
}

/** Options of {@link kFoldSplit}. */
export interface KFoldOptions {
  /** Number of folds, >= 2. */
  k: number;
  seed: number;
  /** 'group': rows sharing `Example.group` are always in the same fold (no group leakage). */
  groupBy?: 'group';
}

/**
 * Stratified (and optionally group-aware) k-fold assignment for
 * cross-validation. Returns, for each row id, its fold in [0, k).
 *
 * - Stratified: within each label, rows are shuffled (seeded, independent of
 *   input order) and dealt round-robin, so each fold's label counts differ by
 *   at most 1 from any other's.
 * - Grouped: groups (rows without a group are their own group) are assigned
 *   largest first to the fold whose label counts are furthest below their
 *   1/k share (ties: the smaller fold, then the lower index); balance is then
 *   best effort.
 *
 * Deterministic: depends only on the set of rows (by id) and the seed.
 *
 * @throws ConfigError when k < 2 or k > number of rows (or groups);
 *   DataError on duplicate ids.
 */
export function kFoldAssignments(rows: Example[], opts: KFoldOptions): Map<string, number> {
  if (!Number.isInteger(opts.k) || opts.k < 2) throw new ConfigError(`k-fold needs an integer k >= 2, got ${opts.k}`);
  const ids = new Set(rows.map((r) => r.id));
  if (ids.size !== rows.length) throw new DataError('k-fold: example ids must be unique');
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rng = createRng(opts.seed).fork('kfold');
  return opts.groupBy === 'group' ? assignGroups(sorted, opts.k, rng) : assignStratified(sorted, opts.k, rng);
}

function assignStratified(rows: Example[], k: number, rng: ReturnType<typeof createRng>): Map<string, number> {
  if (k > rows.length) throw new ConfigError(`k-fold: k=${k} is larger than the ${rows.length} rows`);
  const out = new Map<string, number>();
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  let offset = 0;
  for (const label of labels) {
    const members = shuffled(
      rows.filter((r) => r.label === label),
      rng.fork(label),
    );
    members.forEach((r, i) => out.set(r.id, (offset + i) % k));
    offset = (offset + members.length) % k; // continue round-robin so small labels do not all land in fold 0
  }
  return out;
}

function assignGroups(rows: Example[], k: number, rng: ReturnType<typeof createRng>): Map<string, number> {
  const groups = new Map<string, Example[]>();
  for (const r of rows) {
    const key = r.group !== undefined ? `g:${r.group}` : `id:${r.id}`;
    const members = groups.get(key);
    if (members) members.push(r);
    else groups.set(key, [r]);
  }
  if (k > groups.size)
    throw new ConfigError(`k-fold: k=${k} is larger than the ${groups.size} groups; lower k or group less`);
  const keys = shuffled([...groups.keys()].sort(), rng).sort((a, b) => groups.get(b)!.length - groups.get(a)!.length);
  const labelTotals = new Map<string, number>();
  for (const r of rows) labelTotals.set(r.label, (labelTotals.get(r.label) ?? 0) + 1);
  const foldLabel = Array.from({ length: k }, () => new Map<string, number>());
  const foldSize = new Array<number>(k).fill(0);
  const out = new Map<string, number>();
  for (const key of keys) {
    const members = groups.get(key)!;
    let best = 0;
    let bestScore = -Infinity;
    for (let f = 0; f < k; f++) {
      let score = 0;
      for (const r of members) score += labelTotals.get(r.label)! / k - (foldLabel[f].get(r.label) ?? 0);
      if (score > bestScore || (score === bestScore && foldSize[f] < foldSize[best])) [best, bestScore] = [f, score];
    }
    for (const r of members) {
      foldLabel[best].set(r.label, (foldLabel[best].get(r.label) ?? 0) + 1);
      out.set(r.id, best);
    }
    foldSize[best] += members.length;
  }
  return out;
}

/**
 * The k folds as (train ids, val ids) pairs, ids in input order: fold i
 * validates on the rows assigned to i and trains on all others. Every row is
 * validated exactly once across folds. See {@link kFoldAssignments}.
 */
export function kFoldSplit(rows: Example[], opts: KFoldOptions): Fold[] {
  const assignment = kFoldAssignments(rows, opts);
  return Array.from({ length: opts.k }, (_, index) => ({
    index,
    trainIds: rows.filter((r) => assignment.get(r.id) !== index).map((r) => r.id),
    valIds: rows.filter((r) => assignment.get(r.id) === index).map((r) => r.id),
  }));
}
