import { validateRows } from '../../../lib/data/validate-rows';
import type { RawRow } from '../../../lib/data/ingest/raw-row';
import { DataError } from '../../../lib/core/errors';

const opts = { maxTextChars: 20, maxBadFraction: 1 };
const row = (rowNumber: number, text: unknown, label: unknown, extra: Partial<RawRow> = {}): RawRow => ({
  rowNumber,
  text,
  label,
  ...extra,
});

describe('validateRows', () => {
  it('keeps valid rows as examples with ids r<rowNumber>, inferring sorted labels', () => {
    const result = validateRows([row(2, 'good', 'pos', { group: 'g' }), row(5, 'bad', 'neg'), row(7, 'meh', 3)], opts);
    expect(result.valid).toEqual([
      { id: 'r2', text: 'good', label: 'pos', group: 'g' },
      { id: 'r5', text: 'bad', label: 'neg' },
      { id: 'r7', text: 'meh', label: '3' },
    ]);
    expect(result.labels).toEqual(['3', 'neg', 'pos']);
    expect(result.report).toEqual({ stage: 'validate', in: 3, kept: 3, dropped: {} });
  });

  it('quarantines each kind of bad row with its reason and an 80-char preview', () => {
    const rows = [
      row(1, 'fine', 'pos'),
      row(2, 'fine too', 'neg'),
      row(3, undefined, 'pos'),
      row(4, '   ', 'pos'),
      row(5, 'x'.repeat(21), 'pos'),
      row(6, 'no label', ''),
      row(7, 'odd label', 'maybe'),
      row(8, '{"text": oops', undefined, { problem: 'invalid JSON' }),
      row(9, 'bin\u0000ary', 'pos'),
      row(10, 42, 'pos'),
      row(11, 'obj label', { a: 1 }),
    ];
    const result = validateRows(rows, { ...opts, labels: ['neg', 'pos'] });
    expect(result.valid.map((e) => e.id)).toEqual(['r1', 'r2']);
    expect(result.quarantined.map((q) => [q.rowNumber, q.reason])).toEqual([
      [3, 'missing-text'],
      [4, 'empty-text'],
      [5, 'text-too-long'],
      [6, 'missing-label'],
      [7, 'unknown-label'],
      [8, 'malformed-row'],
      [9, 'control-characters'],
      [10, 'malformed-row'],
      [11, 'malformed-row'],
    ]);
    expect(result.report).toEqual({
      stage: 'validate',
      in: 11,
      kept: 2,
      dropped: {
        'control-characters': 1,
        'empty-text': 1,
        'malformed-row': 3,
        'missing-label': 1,
        'missing-text': 1,
        'text-too-long': 1,
        'unknown-label': 1,
      },
    });
    expect(result.labels).toEqual(['neg', 'pos']);
    expect(result.quarantined[2].preview).toBe('x'.repeat(21));
  });

  it('truncates previews to 80 characters', () => {
    const result = validateRows([row(1, 'a', 'x'), row(2, 'b', 'y'), row(3, 'z'.repeat(200), 'x')], opts);
    expect(result.quarantined[0].preview).toHaveLength(80);
  });

  it('counts text length in code points, not UTF-16 units', () => {
    const emoji = '😀'.repeat(20); // 40 UTF-16 units, 20 characters
    expect(validateRows([row(1, emoji, 'a'), row(2, 'b', 'b')], opts).valid).toHaveLength(2);
  });

  it('keeps declared label order', () => {
    expect(
      validateRows([row(1, 'a', 'pos'), row(2, 'b', 'neg')], { ...opts, labels: ['pos', 'neg', 'pos'] }).labels,
    ).toEqual(['pos', 'neg']);
  });

  it('fails on a single-class dataset', () => {
    const rows = [row(1, 'a', 'pos'), row(2, 'b', 'pos'), row(3, 'c', undefined)];
    expect(() => validateRows(rows, opts)).toThrow(DataError);
    expect(() => validateRows(rows, opts)).toThrow(/single class.*"pos"/);
  });

  it('fails when the bad fraction exceeds maxBadFraction, naming reasons, the first 5 rows and the fix', () => {
    const rows: RawRow[] = [];
    for (let i = 1; i <= 20; i++) rows.push(row(i, `text ${i}`, i % 2 ? 'a' : 'b'));
    for (let i = 21; i <= 27; i++) rows.push(row(i, '', 'a'));
    rows.push(row(28, 'lbl', undefined));
    let error: unknown;
    try {
      validateRows(rows, { ...opts, maxBadFraction: 0.1 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataError);
    const message = (error as Error).message;
    expect(message).toMatch(/8 of 28/);
    expect(message).toMatch(/empty-text 7, missing-label 1/);
    for (const n of [21, 22, 23, 24, 25]) expect(message).toContain(`row ${n} (empty-text)`);
    expect(message).not.toContain('row 26');
    expect(message).toMatch(/clean the data, or raise dataset\.maxBadFraction/);
    expect((error as DataError).details).toMatchObject({ bad: 8, total: 28 });
  });

  it('accepts a bad fraction exactly at the threshold', () => {
    const rows = [row(1, 'a', 'x'), row(2, 'b', 'y'), row(3, 'c', 'x'), row(4, '', 'y')];
    expect(validateRows(rows, { ...opts, maxBadFraction: 0.25 }).quarantined).toHaveLength(1);
  });

  it('fails on empty input and duplicate row numbers', () => {
    expect(() => validateRows([], opts)).toThrow(/dataset is empty/);
    expect(() => validateRows([row(1, 'a', 'x'), row(1, 'b', 'y')], opts)).toThrow(/row number 1 appears twice/);
  });
  it('NFKC-normalises and trims labels, so full-width and decomposed spellings are one label', () => {
    const result = validateRows(
      [
        row(1, 'a', '\uff50\uff4f\uff53 '),
        row(2, 'b', 'pos'),
        row(3, 'c', 'caf\u0065\u0301'),
        row(4, 'd', 'caf\u00e9'),
      ],
      opts,
    );
    expect(result.valid.map((e) => e.label)).toEqual(['pos', 'pos', 'caf\u00e9', 'caf\u00e9']);
    expect(result.labels).toEqual(['caf\u00e9', 'pos']);
  });

  it.each([
    ['NUL', 'p\u0000s', 'U+0000'],
    ['an inner tab', 'po\ts', 'U+0009'],
    ['a C1 control', 'pos\u0085x', 'U+0085'],
    ['a right-to-left override', '\u202egen', 'U+202E'],
    ['a first-strong isolate', 'neg\u2068', 'U+2068'],
  ])('quarantines a label holding %s, naming the row and the code point', (_what, label, name) => {
    const result = validateRows([row(1, 'a', 'pos'), row(2, 'b', 'neg'), row(3, 'c', label)], opts);
    expect(result.quarantined).toEqual([
      {
        rowNumber: 3,
        reason: 'control-characters',
        preview: 'c',
        detail: `label ${JSON.stringify(label.trim())} contains ${name}; remove control and bidi characters from labels`,
      },
    ]);
  });
  it('refuses inferred labels that differ only in case, listing every collision with counts and first rows', () => {
    const labels = ['Neg', 'neg', 'POS', 'Pos', 'pos', 'neg', 'other'];
    const rows = labels.map((label, i) => row(i + 1, `t${i}`, label));
    expect(() => validateRows(rows, opts)).toThrow(
      new DataError(
        'dataset labels differ only in case and would become separate classes: "Neg" (1 rows, first row 1) / "neg" (2 rows, first row 2); ' +
          '"POS" (1 rows, first row 3) / "Pos" (1 rows, first row 4) / "pos" (1 rows, first row 5). ' +
          'Fix: use one spelling per class in the data, or set dataset.labelCase: fold to merge them (labels are compared exactly after NFKC normalisation and trimming).',
      ),
    );
  });

  it('does not fold case when labels are distinct or declared', () => {
    expect(validateRows([row(1, 'a', 'pos'), row(2, 'b', 'neg')], opts).labels).toEqual(['neg', 'pos']);
    const declared = validateRows([row(1, 'a', 'pos'), row(2, 'b', 'neg'), row(3, 'c', 'Pos')], {
      ...opts,
      labels: ['neg', 'pos'],
    });
    expect(declared.quarantined.map((q) => [q.rowNumber, q.reason])).toEqual([[3, 'unknown-label']]);
  });
  it('labelCase fold merges case variants into the most frequent spelling, ties by first seen', () => {
    const labels = ['Neg', 'neg', 'POS', 'Pos', 'pos', 'neg', 'Pos'];
    const result = validateRows(
      labels.map((label, i) => row(i + 1, `t${i}`, label)),
      { ...opts, labelCase: 'fold' },
    );
    expect(result.valid.map((e) => e.label)).toEqual(['neg', 'neg', 'Pos', 'Pos', 'Pos', 'neg', 'Pos']);
    expect(result.labels).toEqual(['Pos', 'neg']);
    const tie = validateRows(
      ['Neg', 'neg', 'x', 'y'].map((label, i) => row(i + 1, `t${i}`, label)),
      { ...opts, labelCase: 'fold' },
    );
    expect(tie.valid.map((e) => e.label)).toEqual(['Neg', 'Neg', 'x', 'y']);
  });

  it('labelCase fold matches declared labels case-insensitively, keeping the declared spelling', () => {
    const result = validateRows([row(1, 'a', 'POS'), row(2, 'b', 'Neg'), row(3, 'c', 'meh')], {
      ...opts,
      labels: ['neg', 'pos'],
      labelCase: 'fold',
    });
    expect(result.valid.map((e) => e.label)).toEqual(['pos', 'neg']);
    expect(result.quarantined.map((q) => [q.rowNumber, q.reason])).toEqual([[3, 'unknown-label']]);
  });
});
