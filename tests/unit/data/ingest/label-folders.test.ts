import { rowsFromLabelFolders } from '../../../../lib/data/ingest/label-folders';
import { validateRows } from '../../../../lib/data/validate-rows';

const enc = (s: string) => new TextEncoder().encode(s);

test('each <label>/<name>.txt file is one example labelled by its folder, in path order', () => {
  const rows = rowsFromLabelFolders([
    { path: 'pos/b.txt', bytes: enc('great film') },
    { path: 'neg/a.txt', bytes: enc('dull\nand long') },
    { path: 'pos/a.txt', bytes: enc('loved it') },
  ]);
  expect(rows.map((r) => [r.rowNumber, r.label, r.text])).toEqual([
    [1, 'neg', 'dull\nand long'],
    [2, 'pos', 'loved it'],
    [3, 'pos', 'great film'],
  ]);
});

test('misplaced, non-text and mis-encoded files are quarantined by validation with their path', () => {
  const rows = rowsFromLabelFolders([
    { path: 'pos/ok.txt', bytes: enc('fine') },
    { path: 'neg/ok.txt', bytes: enc('bad') },
    { path: 'README.txt', bytes: enc('about') },
    { path: 'pos/image.png', bytes: new Uint8Array([137, 80]) },
    { path: 'neg/latin1.txt', bytes: new Uint8Array([0x63, 0x61, 0x66, 0xe9]) },
  ]);
  const result = validateRows(rows, { maxTextChars: 1000, maxBadFraction: 1 });
  expect(result.valid.map((e) => e.text).sort()).toEqual(['bad', 'fine']);
  const problems = result.quarantined.map((q) => q.detail ?? q.reason).join('\n');
  expect(problems).toContain('README.txt: expected <label>/<name>.txt');
  expect(problems).toContain('pos/image.png: not a .txt file');
  expect(problems).toMatch(/neg\/latin1\.txt/);
});

test('an empty folder is a clear error', () => {
  expect(() => rowsFromLabelFolders([])).toThrow(/dataset folder is empty: expected <label>\/<name>\.txt/);
});

test('the split-first layout <split>/<label>/<name>.txt gives each row its split and label', () => {
  const rows = rowsFromLabelFolders([
    { path: 'train/pos/1.txt', bytes: enc('great film') },
    { path: 'train/neg/1.txt', bytes: enc('dull') },
    { path: 'test/pos/1.txt', bytes: enc('loved it') },
    { path: 'test/neg/1.txt', bytes: enc('awful') },
  ]);
  const result = validateRows(rows, { maxTextChars: 1000, maxBadFraction: 0 });
  expect(result.valid.map((e) => [e.split, e.label, e.text])).toEqual([
    ['test', 'neg', 'awful'],
    ['test', 'pos', 'loved it'],
    ['train', 'neg', 'dull'],
    ['train', 'pos', 'great film'],
  ]);
  expect(result.labels).toEqual(['neg', 'pos']);
});
