import { loadBuiltinDataset } from '../../../../lib/data/ingest/builtin-datasets';
import { validateRows } from '../../../../lib/data/validate-rows';
import { DataError } from '../../../../lib/core/errors';

describe('loadBuiltinDataset("uci-sentiment")', () => {
  const rows = loadBuiltinDataset('uci-sentiment');

  it('returns about 3000 rows from the three sources with unique row numbers', () => {
    expect(rows.length).toBeGreaterThanOrEqual(2990);
    expect(rows.length).toBeLessThanOrEqual(3010);
    expect(new Set(rows.map((r) => r.rowNumber)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.group))).toEqual(new Set(['amazon', 'imdb', 'yelp']));
    expect(rows[0].rowNumber).toBe(1);
  });

  it('maps classes to the two labels negative/positive', () => {
    const labels = new Set(rows.filter((r) => r.text !== '').map((r) => r.label));
    expect([...labels].sort()).toEqual(['negative', 'positive']);
  });

  it('validates to about 3000 examples with 2 labels (only the sentinel rows quarantined)', () => {
    const result = validateRows(rows, { maxTextChars: 5000, maxBadFraction: 0.05 });
    expect(result.labels).toEqual(['negative', 'positive']);
    expect(result.valid.length).toBeGreaterThanOrEqual(2990);
    expect(result.quarantined.every((q) => q.reason === 'empty-text')).toBe(true);
  });

  it('is deterministic', () => {
    expect(loadBuiltinDataset('uci-sentiment')).toEqual(rows);
  });

  it('rejects unknown names with a DataError', () => {
    expect(() => loadBuiltinDataset('nope' as 'uci-sentiment')).toThrow(DataError);
  });
});
