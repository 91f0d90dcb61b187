import type { Example } from '../../core/example';
import { createRng, shuffled } from '../../core/rng';
import type { BalanceOptions } from '../curation-options';
import { makeStageReport, type StageReport } from '../stage-report';

/** Per-label counts and shares, labels sorted. */
export interface ClassBalance {
  total: number;
  counts: Record<string, number>;
  shares: Record<string, number>;
  /** Largest count / smallest count (1 = balanced). */
  imbalanceRatio: number;
}

/** Result of {@link balanceTrainSet}. */
export interface BalanceResult {
  rows: Example[];
  before: ClassBalance;
  after: ClassBalance;
  /** Set for 'class-weights': label -> weight; absent otherwise. */
  classWeights?: Record<string, number>;
  report: StageReport;
}

/** Counts rows per label (labels sorted). */
export function classBalance(rows: Example[]): ClassBalance {
  const counts: Record<string, number> = {};
  for (const label of [...new Set(rows.map((r) => r.label))].sort()) counts[label] = 0;
  for (const r of rows) counts[r.label]++;
  const values = Object.values(counts);
  const shares = Object.fromEntries(Object.entries(counts).map(([l, n]) => [l, rows.length ? n / rows.length : 0]));
  const imbalanceRatio = values.length ? Math.max(...values) / Math.min(...values) : 1;
  return { total: rows.length, counts, shares, imbalanceRatio };
}

/**
 * "Balanced" class weights (as scikit-learn's `class_weight='balanced'`):
 * w_c = N / (K * n_c), so every class contributes the same total weight and
 * a balanced set gets all 1s. Labels absent from `rows` are not included.
 */
export function computeClassWeights(rows: Example[]): Record<string, number> {
  const { counts, total } = classBalance(rows);
  const k = Object.keys(counts).length;
  return Object.fromEntries(Object.entries(counts).map(([label, n]) => [label, total / (k * n)]));
}

function groupByLabel(rows: Example[]): Map<string, Example[]> {
  const out = new Map<string, Example[]>();
  for (const label of [...new Set(rows.map((r) => r.label))].sort()) out.set(label, []);
  for (const r of rows) out.get(r.label)!.push(r);
  return out;
}

/**
 * Balances the TRAIN split (never call it on val/test: their class mix is
 * what the model will meet). Deterministic for (rows, options, seed).
 *
 * - oversample: each smaller class gets copies of its own rows, drawn
 *   round-robin over a seeded shuffle, with ids `<id>~os<k>`, until it
 *   matches the largest class; originals first, in order, then copies.
 * - undersample: each larger class keeps a seeded random subset of the size
 *   of the smallest class (dropped: 'undersampled'); input order preserved.
 * - class-weights / none: rows unchanged.
 *
 * Report stage: 'balance'.
 */
export function balanceTrainSet(rows: Example[], opts: BalanceOptions, seed: number): BalanceResult {
  const before = classBalance(rows);
  const rng = createRng(seed).fork('balance');
  let out = rows;
  let undersampled = 0;
  if (opts.method === 'oversample') {
    const target = Math.max(...Object.values(before.counts));
    const extra: Example[] = [];
    for (const [label, members] of groupByLabel(rows)) {
      const order = shuffled(members, rng.fork(label));
      for (let i = 0; i < target - members.length; i++) {
        const src = order[i % order.length];
        extra.push({ ...src, id: `${src.id}~os${Math.floor(i / order.length) + 1}` });
      }
    }
    out = [...rows, ...extra];
  } else if (opts.method === 'undersample') {
    const target = Math.min(...Object.values(before.counts));
    const keep = new Set<string>();
    for (const [label, members] of groupByLabel(rows)) {
      for (const r of shuffled(members, rng.fork(label)).slice(0, target)) keep.add(r.id);
    }
    out = rows.filter((r) => keep.has(r.id));
    undersampled = rows.length - out.length;
  }
  const classWeights = opts.method === 'class-weights' ? computeClassWeights(rows) : undefined;
  const report = makeStageReport('balance', rows.length, out.length, { undersampled });
  return { rows: out, before, after: classBalance(out), ...(classWeights ? { classWeights } : {}), report };
}
