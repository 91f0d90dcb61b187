import { parseDatasetBytes } from '../../../../lib/data/ingest/parse-dataset';
import { parseCsvRecords } from '../../../../lib/data/ingest/csv-records';
import { firstInvalidUtf8Offset } from '../../../../lib/data/ingest/decode-utf8';
import { DataError } from '../../../../lib/core/errors';

const enc = (s: string) => new TextEncoder().encode(s);
const jsonl = { format: 'jsonl' as const, textField: 'text', labelField: 'label' };
const csv = { format: 'csv' as const, textField: 'text', labelField: 'label' };

describe('parseDatasetBytes: JSONL', () => {
  it('reads one object per line with line numbers and skips blank lines', () => {
    const rows = parseDatasetBytes(enc('{"text":"a","label":"x"}\n\n{"text":"b","label":"y"}\n'), jsonl);
    expect(rows).toEqual([
      { rowNumber: 1, text: 'a', label: 'x' },
      { rowNumber: 3, text: 'b', label: 'y' },
    ]);
  });

  it('uses the configured field names', () => {
    const rows = parseDatasetBytes(enc('{"review":"ok","stars":"5"}'), {
      ...jsonl,
      textField: 'review',
      labelField: 'stars',
    });
    expect(rows).toEqual([{ rowNumber: 1, text: 'ok', label: '5' }]);
  });

  it('turns a malformed line into a row with a problem instead of throwing', () => {
    const rows = parseDatasetBytes(enc('{"text":"a","label":"x"}\n{"text": oops\n[1,2]\n'), jsonl);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatchObject({ rowNumber: 2, text: '{"text": oops' });
    expect(rows[1].problem).toMatch(/invalid JSON/);
    expect(rows[2].problem).toMatch(/not an object/);
  });

  it('strips a UTF-8 BOM and accepts CRLF', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc('{"text":"é","label":"x"}\r\n')]);
    expect(parseDatasetBytes(bytes, jsonl)).toEqual([{ rowNumber: 1, text: 'é', label: 'x' }]);
  });
});

describe('parseDatasetBytes: errors', () => {
  it('rejects an empty file', () => {
    expect(() => parseDatasetBytes(new Uint8Array(), jsonl)).toThrow(/dataset is empty/);
    expect(() => parseDatasetBytes(enc('\n  \n'), csv)).toThrow(DataError);
  });

  it('rejects a CSV with a header but no rows', () => {
    expect(() => parseDatasetBytes(enc('text,label\n'), csv)).toThrow(/dataset is empty/);
  });

  it('rejects mis-encoded bytes naming the byte offset', () => {
    // "caf\xe9" is Latin-1, not UTF-8.
    const bytes = new Uint8Array([...enc('{"text":"caf'), 0xe9, ...enc('","label":"x"}')]);
    expect(() => parseDatasetBytes(bytes, jsonl)).toThrow(DataError);
    expect(() => parseDatasetBytes(bytes, jsonl)).toThrow(/byte offset 12 \(line 1\)/);
  });

  it('finds invalid UTF-8 sequences precisely', () => {
    expect(firstInvalidUtf8Offset(enc('héllo €𝄞'))).toBe(-1);
    expect(firstInvalidUtf8Offset(new Uint8Array([0x61, 0xc0, 0xaf]))).toBe(1); // overlong
    expect(firstInvalidUtf8Offset(new Uint8Array([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2); // surrogate
    expect(firstInvalidUtf8Offset(new Uint8Array([0xe2, 0x82]))).toBe(0); // truncated
    expect(firstInvalidUtf8Offset(new Uint8Array([0x80]))).toBe(0); // stray continuation
  });

  it('rejects a CSV header without the text/label columns, naming what it found', () => {
    expect(() => parseDatasetBytes(enc('body,label\nhi,x\n'), csv)).toThrow(/no column "text".*found "body", "label"/);
  });
});

describe('parseDatasetBytes: CSV', () => {
  it('handles RFC 4180 quoting: commas, escaped quotes and newlines inside quotes', () => {
    const file =
      'id,text,label\r\n1,"hello, world",pos\r\n2,"she said ""hi""",neg\r\n3,"two\nlines",pos\r\n4,plain,neg';
    const rows = parseDatasetBytes(enc(file), csv);
    expect(rows).toEqual([
      { rowNumber: 2, text: 'hello, world', label: 'pos' },
      { rowNumber: 3, text: 'she said "hi"', label: 'neg' },
      { rowNumber: 4, text: 'two\nlines', label: 'pos' },
      { rowNumber: 6, text: 'plain', label: 'neg' },
    ]);
  });

  it('marks records with the wrong field count as malformed rows', () => {
    const rows = parseDatasetBytes(enc('text,label\nok,pos\nnot, quoted, commas,neg\n'), csv);
    expect(rows[0].problem).toBeUndefined();
    expect(rows[1]).toMatchObject({ rowNumber: 3 });
    expect(rows[1].problem).toMatch(/expected 2 fields .* found 4/);
  });

  it('reports an unterminated quote on the record, not as an exception', () => {
    const rows = parseDatasetBytes(enc('text,label\nok,pos\n"never closed,neg\nmore,pos\n'), csv);
    expect(rows).toHaveLength(2);
    expect(rows[1].problem).toMatch(/unterminated quoted field \(opened on line 3\)/);
  });

  it('keeps a stray quote inside an unquoted field literally', () => {
    expect(parseCsvRecords('a 5" screen,x')).toEqual([{ line: 1, fields: ['a 5" screen', 'x'] }]);
  });

  it('flags text after a closing quote', () => {
    const [rec] = parseCsvRecords('"a"b,c');
    expect(rec.problem).toMatch(/after a closing quote/);
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsvRecords('a,,b\n\n,\n')).toEqual([
      { line: 1, fields: ['a', '', 'b'] },
      { line: 3, fields: ['', ''] },
    ]);
  });
});
