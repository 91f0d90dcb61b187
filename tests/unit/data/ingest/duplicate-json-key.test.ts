import { findDuplicateTopLevelKey } from '../../../../lib/data/ingest/duplicate-json-key';
import { parseDatasetBytes } from '../../../../lib/data/ingest/parse-dataset';

describe('findDuplicateTopLevelKey', () => {
  it.each([
    ['{"text":"a","label":"pos","label":"neg"}', 'label'],
    ['{"label":1,"text":"x","\\u006cabel":2}', 'label'],
    ['{ "a" : 1 , "a" : 2 }', 'a'],
    ['{"text":"a, \\"label\\": 1","label":"x","text":"b"}', 'text'],
  ])('%s -> %s', (line, key) => {
    expect(findDuplicateTopLevelKey(line)).toBe(key);
  });

  it.each([
    ['{"text":"a","label":"pos"}'],
    ['{"text":"label","label":"text"}'],
    ['{"meta":{"label":1,"label":2},"label":"pos"}'],
    ['{"tags":["label","label"],"label":"pos"}'],
    ['{"a\\\\":1,"a":2}'],
    ['{}'],
  ])('%s -> none', (line) => {
    expect(findDuplicateTopLevelKey(line)).toBeUndefined();
  });
});

describe('JSONL rows with a duplicate key', () => {
  it('are marked malformed, naming the key and the row', () => {
    const bytes = new TextEncoder().encode('{"text":"a","label":"pos"}\n{"text":"b","label":"pos","label":"neg"}\n');
    const rows = parseDatasetBytes(bytes, { format: 'jsonl', textField: 'text', labelField: 'label' });
    expect(rows[0]).toEqual({ rowNumber: 1, text: 'a', label: 'pos' });
    expect(rows[1]).toMatchObject({
      rowNumber: 2,
      label: undefined,
      problem: 'duplicate key "label" in row 2 (JSON keeps only the last value); keep one',
    });
  });
});
