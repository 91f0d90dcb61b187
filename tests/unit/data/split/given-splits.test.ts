import { CurationSchema, DatasetSchema } from '../../../../configs/experiment-schema';
import { curateDataset } from '../../../../lib/data/curate-dataset';
import { parseDatasetBytes } from '../../../../lib/data/ingest/parse-dataset';
import { parseSplitValue } from '../../../../lib/data/split/given-splits';
import { validateRows } from '../../../../lib/data/validate-rows';

const enc = (s: string) => new TextEncoder().encode(s);
const jsonl = (rows: unknown[]) => enc(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
const source = { kind: 'uri', uri: 's3://b/p/d.jsonl', format: 'jsonl' } as const;
const config = (extra: Record<string, unknown> = {}) => ({
  dataset: DatasetSchema.parse({ source: { ...source, ...extra } }),
  curation: CurationSchema.parse({}),
});
const parse = (bytes: Uint8Array, extra: Record<string, unknown> = {}) =>
  parseDatasetBytes(bytes, {
    ...DatasetSchema.parse({ source: { ...source, ...extra } }).source,
    format: 'jsonl',
  } as never);

/** 30 rows per label; row i's split is `splitOf(i)`. */
function dataset(splitOf: (i: number) => string | undefined, field = 'split') {
  return Array.from({ length: 60 }, (_, i) => ({
    text: `example ${i} about ${i % 2 ? 'good' : 'bad'} things number ${i}`,
    label: i % 2 ? 'pos' : 'neg',
    ...(splitOf(i) !== undefined ? { [field]: splitOf(i) } : {}),
    group: `author-${i % 7}`,
  }));
}

describe('splits given by the dataset', () => {
  it('reads the split and group columns from JSONL and CSV', () => {
    const rows = parse(jsonl([{ text: 'a b', label: 'x', split: 'Test', group: 7 }]));
    expect(rows[0]).toMatchObject({ split: 'Test', group: '7' });
    const csv = parseDatasetBytes(enc('text,label,split,group\nhello there,x, dev ,g1\n'), {
      format: 'csv',
      textField: 'text',
      labelField: 'label',
    });
    expect(csv[0]).toMatchObject({ split: 'dev', group: 'g1' });
  });

  it('maps split spellings and refuses other values', () => {
    expect(['train', 'TRAINING', ' val ', 'validation', 'dev', 'valid', 'test'].map(parseSplitValue)).toEqual([
      'train',
      'train',
      'val',
      'val',
      'val',
      'val',
      'test',
    ]);
    expect(parseSplitValue('holdout')).toBeNull();
    expect(parseSplitValue(3)).toBeNull();
    expect(parseSplitValue('')).toBeUndefined();
  });

  it('honours the given splits exactly, row for row', () => {
    const splitOf = (i: number) => ['train', 'train', 'val', 'test'][i % 4];
    const result = curateDataset(parse(jsonl(dataset(splitOf))), config(), 42);
    for (const name of ['train', 'val', 'test'] as const) {
      const ids = result.splits[name].map((e) => Number(e.id.slice(1)) - 1);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((i) => splitOf(i) === name)).toBe(true);
    }
    expect(result.splits.train.length + result.splits.val.length + result.splits.test.length).toBe(60);
    expect(result.details.givenSplits).toEqual({ valCarvedFromTrain: false });
    expect(result.splits.test[0].group).toMatch(/^author-/);
  });

  it('carves val from the given train rows when the file has no val, leaving test untouched', () => {
    const splitOf = (i: number) => (i % 3 === 0 ? 'test' : 'train');
    const result = curateDataset(parse(jsonl(dataset(splitOf))), config(), 42);
    const testIds = result.splits.test.map((e) => Number(e.id.slice(1)) - 1);
    expect(testIds).toEqual(Array.from({ length: 20 }, (_, k) => 3 * k));
    expect(result.splits.val.length).toBe(6); // round(20 * 0.15) = 3 of each label's 20 train rows
    expect(result.splits.val.every((e) => splitOf(Number(e.id.slice(1)) - 1) === 'train')).toBe(true);
    expect(result.details.givenSplits).toEqual({ valCarvedFromTrain: true });
  });

  it('honours a renamed split column (dataset.source.splitField)', () => {
    const splitOf = (i: number) => (i < 40 ? 'train' : i < 50 ? 'val' : 'test');
    const bytes = jsonl(dataset(splitOf, 'fold'));
    const result = curateDataset(parse(bytes, { splitField: 'fold' }), config({ splitField: 'fold' }), 1);
    expect(result.splits.test.map((e) => e.id)).toEqual(Array.from({ length: 10 }, (_, k) => `r${51 + k}`));
  });

  it('refuses a file where only some rows name a split, and one without test rows', () => {
    const some = parse(jsonl(dataset((i) => (i < 50 ? 'train' : undefined))));
    expect(() => validateRows(some, { maxTextChars: 5000, maxBadFraction: 0.05 })).toThrow(
      'dataset split column "split": 50 valid rows name a split and 10 do not (first: row 51); give every row train, val or test, or none (then curation splits)',
    );
    const noTest = parse(jsonl(dataset((i) => (i < 50 ? 'train' : 'val'))));
    expect(() => curateDataset(noTest, config(), 42)).toThrow(
      "the dataset's split column gives no test rows (train 50, val 10, test 0 after curation); add test rows, or drop the split column so curation splits the data",
    );
  });

  it('quarantines a row whose split value is not a split, naming the value', () => {
    const rows: Record<string, unknown>[] = dataset(() => 'train');
    rows[4] = { ...rows[4], split: 'holdout' };
    const result = validateRows(parse(jsonl(rows)), { maxTextChars: 5000, maxBadFraction: 0.05 });
    expect(result.quarantined).toEqual([
      expect.objectContaining({
        rowNumber: 5,
        reason: 'malformed-row',
        detail:
          'split "holdout" is not train, val or test (validation and dev also mean val); fix the value or the split column\'s name (dataset.source.splitField)',
      }),
    ]);
  });
});
