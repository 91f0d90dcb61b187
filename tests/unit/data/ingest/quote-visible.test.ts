import { quoteVisible } from '../../../../lib/data/ingest/quote-visible';
import { parseDatasetBytes } from '../../../../lib/data/ingest/parse-dataset';

describe('quoteVisible', () => {
  it.each([
    ['text', '"text"'],
    ['te\u0000xt', '"te\\u0000xt"'],
    ['\ufefftext', '"\\ufefftext"'],
    ['label\u200b', '"label\\u200b"'],
    ['\u202elabel', '"\\u202elabel"'],
    ['a\u00a0b', '"a\\u00a0b"'],
    ['say "hi" \\ bye', '"say \\"hi\\" \\\\ bye"'],
    ['caf\u00e9 \u65e5\u672c', '"caf\u00e9 \u65e5\u672c"'],
  ])('%j -> %s', (input, expected) => {
    expect(quoteVisible(input)).toBe(expected);
  });
});

describe('CSV header errors show invisible characters in found column names', () => {
  it('a zero-width space after "text" is visible in the message', () => {
    const bytes = new TextEncoder().encode('text\u200b,label\nhi,x\n');
    expect(() => parseDatasetBytes(bytes, { format: 'csv', textField: 'text', labelField: 'label' })).toThrow(
      'dataset CSV header has no column "text"; found "text\\u200b", "label".',
    );
  });
});
