import { gzipSync } from 'node:zlib';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { configSnippet, formatOf, uploadDataset } from '../../../cli/data-upload';

const enc = (s: string) => new TextEncoder().encode(s);
const JSONL = enc(
  '{"text":"great film","label":"pos"}\n{"text":"awful plot","label":"neg"}\n{"text":"loved it","label":"pos"}\n',
);

describe('uploadDataset', () => {
  test('checks the file with the run reader, stores it at datasets/<name> and reports rows and labels', async () => {
    const store = new MemoryArtifactStore();
    const r = await uploadDataset(store, JSONL, '/tmp/reviews.jsonl');
    expect(r).toMatchObject({
      key: 'datasets/reviews.jsonl',
      uri: store.uriFor('datasets/reviews.jsonl'),
      rows: 3,
      labels: ['neg', 'pos'],
      format: 'jsonl',
      written: true,
    });
    expect(await store.get('datasets/reviews.jsonl')).toEqual(JSONL);
    expect(configSnippet(r, {})).toBe(`dataset:\n  source: { kind: uri, uri: ${r.uri}, format: jsonl }`);
  });

  test('the same bytes again are a no-op; different bytes under the same name are refused', async () => {
    const store = new MemoryArtifactStore();
    await uploadDataset(store, JSONL, 'reviews.jsonl');
    expect((await uploadDataset(store, JSONL, 'reviews.jsonl')).written).toBe(false);
    await expect(uploadDataset(store, enc('{"text":"x","label":"a"}\n'), 'reviews.jsonl')).rejects.toThrow(
      `${store.uriFor('datasets/reviews.jsonl')} already holds a different dataset (runs may point at it): pick another --name`,
    );
    expect(await store.get('datasets/reviews.jsonl')).toEqual(JSONL);
  });

  test('CSV with custom columns, named by --name', async () => {
    const store = new MemoryArtifactStore();
    const r = await uploadDataset(store, enc('body,stars\n"good, really",5\nbad,1\n'), 'x.csv', {
      name: 'stars.csv',
      textField: 'body',
      labelField: 'stars',
    });
    expect(r).toMatchObject({ key: 'datasets/stars.csv', rows: 2, labels: ['1', '5'], format: 'csv' });
    expect(configSnippet(r, { textField: 'body', labelField: 'stars' })).toContain(
      'format: csv, textField: body, labelField: stars }',
    );
  });

  test.each([
    ['../escape.jsonl', 'dataset name "../escape.jsonl" is not allowed'],
    ['a b.jsonl', 'dataset name "a b.jsonl" is not allowed'],
    ['notes.txt', 'cannot tell the format of "notes.txt"'],
  ])('refuses the name %s before writing anything', async (name, message) => {
    const store = new MemoryArtifactStore();
    await expect(uploadDataset(store, JSONL, 'in.jsonl', { name })).rejects.toThrow(message);
    expect(await store.list('')).toEqual([]);
  });

  test("a file the run could not read is refused before upload, with the reader's message", async () => {
    const store = new MemoryArtifactStore();
    await expect(uploadDataset(store, enc('   \n'), 'empty.jsonl')).rejects.toThrow(/dataset is empty/);
    await expect(uploadDataset(store, enc('text,label\n'), 'h.csv')).rejects.toThrow(/dataset is empty/);
    await expect(uploadDataset(store, new Uint8Array([0x7b, 0xff, 0xfe, 0x0a]), 'bin.jsonl')).rejects.toThrow(/UTF-8/);
    expect(await store.list('')).toEqual([]);
  });

  test('a gzip-compressed file is checked decompressed and stored as uploaded', async () => {
    const store = new MemoryArtifactStore();
    const gz = new Uint8Array(gzipSync(JSONL));
    const r = await uploadDataset(store, gz, 'reviews.jsonl.gz');
    expect(r).toMatchObject({ key: 'datasets/reviews.jsonl.gz', rows: 3, format: 'jsonl' });
    expect(await store.get(r.key)).toEqual(gz);
  });

  test('formatOf', () => {
    expect(formatOf('a.JSONL')).toBe('jsonl');
    expect(formatOf('a.ndjson')).toBe('jsonl');
    expect(formatOf('a.csv')).toBe('csv');
  });
});
