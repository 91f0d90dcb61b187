import { kFoldAssignments, kFoldSplit } from '../../../../lib/data/split/k-fold';
import { createRng, shuffled } from '../../../../lib/core/rng';

const rows = Array.from({ length: 53 }, (_, i) => ({
  id: `r${i}`,
  text: `t${i}`,
  label: i % 5 === 0 ? 'rare' : i % 2 ? 'a' : 'b',
  group: `g${Math.floor(i / 4)}`,
}));

describe('k-fold', () => {
  it('validates every row exactly once and is stratified', () => {
    const folds = kFoldSplit(rows, { k: 5, seed: 3 });
    const val = folds.flatMap((f) => f.valIds);
    expect(val.sort()).toEqual(rows.map((r) => r.id).sort());
    for (const f of folds) expect(f.trainIds.length + f.valIds.length).toBe(rows.length);
    const label = new Map(rows.map((r) => [r.id, r.label]));
    for (const l of ['a', 'b', 'rare']) {
      const perFold = folds.map((f) => f.valIds.filter((id) => label.get(id) === l).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
  });

  it('depends only on the set of rows and the seed', () => {
    const a = kFoldAssignments(rows, { k: 4, seed: 9 });
    const b = kFoldAssignments(shuffled(rows, createRng(1)), { k: 4, seed: 9 });
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
    const c = kFoldAssignments(rows, { k: 4, seed: 10 });
    expect([...c.entries()].sort()).not.toEqual([...a.entries()].sort());
  });

  it('keeps groups together when grouping', () => {
    const a = kFoldAssignments(rows, { k: 3, seed: 2, groupBy: 'group' });
    const foldOfGroup = new Map<string, number>();
    for (const r of rows) {
      const f = a.get(r.id)!;
      expect(foldOfGroup.get(r.group) ?? f).toBe(f);
      foldOfGroup.set(r.group, f);
    }
    expect(new Set(a.values()).size).toBe(3);
  });

  it('rejects bad k', () => {
    expect(() => kFoldSplit(rows, { k: 1, seed: 1 })).toThrow(/k >= 2/);
    expect(() => kFoldSplit(rows.slice(0, 3), { k: 4, seed: 1 })).toThrow(/larger than the 3 rows/);
  });
});
