import { CurationSchema, DatasetSchema } from '../../../configs/experiment-schema';
import { curateDataset } from '../../../lib/data/curate-dataset';
import { loadBuiltinDataset } from '../../../lib/data/ingest/builtin-datasets';
import { dedupKeyText } from '../../../lib/data/dedup/dedup-exact';
import type { RawRow } from '../../../lib/data/ingest/raw-row';
import { DataError } from '../../../lib/core/errors';

const config = {
  dataset: DatasetSchema.parse({ source: { kind: 'builtin', name: 'uci-sentiment' } }),
  curation: CurationSchema.parse({}),
};

describe('curateDataset', () => {
  const raw = loadBuiltinDataset('uci-sentiment');
  const result = curateDataset(raw, config, 42);
  const { train, val, test } = result.splits;

  it('runs validate -> clean -> dedup -> split with a consistent funnel', () => {
    expect(result.reports.map((r) => r.stage)).toEqual(['validate', 'clean', 'dedup', 'split']);
    for (let i = 0; i < result.reports.length; i++) {
      const r = result.reports[i];
      const dropped = Object.values(r.dropped).reduce((a, b) => a + b, 0);
      expect(r.in).toBe(r.kept + dropped);
      if (i > 0) expect(r.in).toBe(result.reports[i - 1].kept);
    }
    expect(result.reports[0].in).toBe(raw.length);
    expect(train.length + val.length + test.length).toBe(result.reports[3].kept);
    expect(result.labels).toEqual(['negative', 'positive']);
    expect(result.quarantined).toHaveLength(result.reports[0].in - result.reports[0].kept);
  });

  it('never puts an id or an exact-duplicate text in two splits', () => {
    const seenIds = new Set<string>();
    const splitOfKey = new Map<string, string>();
    for (const [name, rows] of Object.entries(result.splits)) {
      for (const row of rows) {
        expect(seenIds.has(row.id)).toBe(false);
        seenIds.add(row.id);
        const key = dedupKeyText(row.text);
        expect(splitOfKey.get(key) ?? name).toBe(name);
        splitOfKey.set(key, name);
      }
    }
  });

  it('is deterministic for a seed', () => {
    expect(curateDataset(raw, config, 42)).toEqual(result);
    expect(curateDataset(raw, config, 7).splits.test).not.toEqual(test);
  });

  it('cleans texts (lowercase by default)', () => {
    expect(train.every((r) => r.text === r.text.toLowerCase() && r.text === r.text.trim())).toBe(true);
  });

  it('skips dedup when curation.dedup is "none"', () => {
    const rows: RawRow[] = [
      { rowNumber: 1, text: 'Same', label: 'a' },
      { rowNumber: 2, text: 'same', label: 'a' },
      { rowNumber: 3, text: 'third', label: 'a' },
      { rowNumber: 4, text: 'other', label: 'b' },
      { rowNumber: 5, text: 'more', label: 'b' },
      { rowNumber: 6, text: 'again', label: 'b' },
    ];
    const none = curateDataset(rows, { ...config, curation: { ...config.curation, dedup: 'none' } }, 1);
    expect(none.reports[2]).toEqual({ stage: 'dedup', in: 6, kept: 6, dropped: {} });
  });

  it('fails when cleaning leaves a single class', () => {
    const rows: RawRow[] = [
      { rowNumber: 1, text: 'fine', label: 'a' },
      { rowNumber: 2, text: '<br/>', label: 'b' },
    ];
    expect(() => curateDataset(rows, config, 1)).toThrow(DataError);
    expect(() => curateDataset(rows, config, 1)).toThrow(/single class/);
  });

  it('fails when too few rows leave val or test empty', () => {
    const rows: RawRow[] = [1, 2, 3, 4].map((n) => ({ rowNumber: n, text: `text ${n}`, label: n % 2 ? 'a' : 'b' }));
    expect(() => curateDataset(rows, config, 1)).toThrow(/too small to evaluate: .*val 0, test 0/);
  });
});
