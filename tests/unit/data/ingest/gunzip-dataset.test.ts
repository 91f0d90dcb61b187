import { gzipSync } from 'node:zlib';
import { gunzipDataset, isGzip } from '../../../../lib/data/ingest/gunzip-dataset';
import { parseDatasetBytes } from '../../../../lib/data/ingest/parse-dataset';

const enc = (s: string) => new TextEncoder().encode(s);
const JSONL = enc('{"text":"good","label":"pos"}\n{"text":"bad","label":"neg"}\n');

describe('gunzipDataset', () => {
  test('a gzip-compressed JSONL file (any name) reads as the plain file', () => {
    const gz = new Uint8Array(gzipSync(JSONL));
    expect(isGzip(gz)).toBe(true);
    const plain = gunzipDataset(gz, 1 << 20, 's3://b/d.jsonl');
    expect(plain).toEqual(JSONL);
    expect(
      parseDatasetBytes(plain, { format: 'jsonl', textField: 'text', labelField: 'label' }).map((r) => r.label),
    ).toEqual(['pos', 'neg']);
  });

  test('plain bytes pass through untouched', () => {
    expect(gunzipDataset(JSONL, 10, 'u')).toBe(JSONL);
  });

  test('the limit is on the decompressed size: exactly at the limit reads, one byte over is refused', () => {
    const gz = new Uint8Array(gzipSync(JSONL));
    expect(gunzipDataset(gz, JSONL.byteLength, 'u').byteLength).toBe(JSONL.byteLength);
    expect(() => gunzipDataset(gz, JSONL.byteLength - 1, 's3://b/d.jsonl.gz')).toThrow(
      `dataset s3://b/d.jsonl.gz is gzip-compressed and decompresses to more than dataset.maxFileBytes=${JSONL.byteLength - 1} bytes`,
    );
  });
});
