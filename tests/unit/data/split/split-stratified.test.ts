import { labelQuota, splitStratified } from '../../../../lib/data/split/split-stratified';
import type { Example } from '../../../../lib/core/example';
import { ConfigError, DataError } from '../../../../lib/core/errors';

function makeRows(counts: Record<string, number>, group?: (i: number) => string | undefined): Example[] {
  const rows: Example[] = [];
  let i = 0;
  for (const [label, n] of Object.entries(counts)) {
    for (let k = 0; k < n; k++, i++) {
      const g = group?.(i);
      rows.push({ id: `r${i}`, text: `text ${i}`, label, ...(g !== undefined ? { group: g } : {}) });
    }
  }
  return rows;
}

const ids = (rows: Example[]) => rows.map((r) => r.id);
const opts = { val: 0.15, test: 0.15, seed: 7 };

describe('splitStratified', () => {
  const rows = makeRows({ pos: 600, neg: 300, neutral: 100 });

  it('puts every row in exactly one split', () => {
    const { train, val, test, report } = splitStratified(rows, opts);
    const all = [...ids(train), ...ids(val), ...ids(test)];
    expect(all).toHaveLength(rows.length);
    expect(new Set(all).size).toBe(rows.length);
    expect(report).toEqual({ stage: 'split', in: 1000, kept: 1000, dropped: {} });
  });

  it('keeps label proportions in every split', () => {
    const result = splitStratified(rows, opts);
    for (const split of ['train', 'val', 'test'] as const) {
      const part = result[split];
      for (const [label, share] of [
        ['pos', 0.6],
        ['neg', 0.3],
        ['neutral', 0.1],
      ] as const) {
        const frac = part.filter((r) => r.label === label).length / part.length;
        expect(Math.abs(frac - share)).toBeLessThan(0.02);
      }
    }
    expect(result.val.length).toBe(150);
    expect(result.test.length).toBe(150);
  });

  it('is deterministic for a seed, independent of input order, and differs across seeds', () => {
    const a = splitStratified(rows, opts);
    const b = splitStratified([...rows].reverse(), opts);
    expect(new Set(ids(a.test))).toEqual(new Set(ids(b.test)));
    expect(new Set(ids(a.val))).toEqual(new Set(ids(b.val)));
    expect(splitStratified(rows, opts)).toEqual(a);
    expect(ids(splitStratified(rows, { ...opts, seed: 8 }).test)).not.toEqual(ids(a.test));
  });

  it('lists rows of each split in input order', () => {
    const { train } = splitStratified(rows, opts);
    const positions = train.map((r) => rows.indexOf(r));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
  });

  it('gives every label with at least 3 rows a row in every split', () => {
    const small = makeRows({ big: 50, tiny: 3, two: 2 });
    const { train, val, test } = splitStratified(small, opts);
    for (const part of [train, val, test]) expect(part.some((r) => r.label === 'tiny')).toBe(true);
    expect(train.filter((r) => r.label === 'two')).toHaveLength(2);
  });

  it('computes per-label quotas that always leave a training row', () => {
    expect(labelQuota(3, 0.15, 0.15)).toEqual({ val: 1, test: 1 });
    expect(labelQuota(1, 0.15, 0.15)).toEqual({ val: 0, test: 0 });
    expect(labelQuota(2, 0.5, 0.4)).toEqual({ val: 0, test: 1 });
    expect(labelQuota(100, 0.1, 0.2)).toEqual({ val: 10, test: 20 });
  });

  it('ignores groups by default (builtin group = source)', () => {
    const grouped = makeRows({ a: 100, b: 100 }, (i) => (i % 2 ? 'amazon' : 'imdb'));
    const { test } = splitStratified(grouped, opts);
    expect(new Set(test.map((r) => r.group))).toEqual(new Set(['amazon', 'imdb']));
  });

  it('keeps whole groups in one split with groupBy "group"', () => {
    const grouped = makeRows({ a: 300, b: 300 }, (i) => (i % 7 === 0 ? undefined : `author${i % 40}`));
    const result = splitStratified(grouped, { ...opts, groupBy: 'group' });
    const where = new Map<string, string>();
    for (const split of ['train', 'val', 'test'] as const) {
      for (const r of result[split]) {
        if (r.group === undefined) continue;
        expect(where.get(r.group) ?? split).toBe(split);
        where.set(r.group, split);
      }
    }
    expect(result.train.length + result.val.length + result.test.length).toBe(600);
    expect(result.val.length).toBeGreaterThan(40);
    expect(result.test.length).toBeGreaterThan(40);
    expect(splitStratified(grouped, { ...opts, groupBy: 'group' })).toEqual(result);
  });

  it('rejects bad fractions and duplicate ids', () => {
    expect(() => splitStratified(rows, { ...opts, val: 0.6, test: 0.4 })).toThrow(ConfigError);
    expect(() => splitStratified(rows, { ...opts, val: -0.1 })).toThrow(ConfigError);
    expect(() => splitStratified([...rows, rows[0]], opts)).toThrow(DataError);
  });
});
