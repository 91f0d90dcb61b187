import { dedupExact, dedupKeyText } from '../../../../lib/data/dedup/dedup-exact';

describe('dedupExact', () => {
  it('normalises case, whitespace and punctuation for the key', () => {
    expect(dedupKeyText('  Great,   product!! ')).toBe('great product');
    expect(dedupKeyText('!!!')).toBe('!!!');
    expect(dedupKeyText('ＧＲＥＡＴ')).toBe('great');
  });

  it('keeps the first occurrence and records what each duplicate duplicates', () => {
    const rows = [
      { id: 'r1', text: 'Great product!', label: 'pos' },
      { id: 'r2', text: 'awful', label: 'neg' },
      { id: 'r3', text: 'great   PRODUCT', label: 'pos' },
      { id: 'r4', text: 'great product.', label: 'neg' },
      { id: 'r5', text: '!!!', label: 'pos' },
      { id: 'r6', text: '???', label: 'neg' },
    ];
    const result = dedupExact(rows);
    expect(result.rows.map((r) => r.id)).toEqual(['r1', 'r2', 'r5', 'r6']);
    expect(result.duplicates).toEqual([
      { id: 'r3', duplicateOf: 'r1', reason: 'duplicate' },
      { id: 'r4', duplicateOf: 'r1', reason: 'duplicate-conflicting-label' },
    ]);
    expect(result.report).toEqual({
      stage: 'dedup',
      in: 6,
      kept: 4,
      dropped: { duplicate: 1, 'duplicate-conflicting-label': 1 },
    });
  });

  it('returns everything when there are no duplicates', () => {
    const rows = [
      { id: 'a', text: 'one', label: 'x' },
      { id: 'b', text: 'two', label: 'y' },
    ];
    expect(dedupExact(rows)).toEqual({ rows, report: { stage: 'dedup', in: 2, kept: 2, dropped: {} }, duplicates: [] });
  });
});
