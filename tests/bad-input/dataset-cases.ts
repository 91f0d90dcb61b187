/**
 * The bad-data half of the bad-input corpus (issue 7). Each case is a dataset
 * file (bytes) or a dataset URI that curation must refuse with a non-retryable
 * error naming the problem, writing nothing under the run's prefix.
 *
 * Run through the curation activity with an in-memory store
 * (tests/unit/bad-input) and, uploaded to the real S3 server, through the real
 * `fineTunePipeline` on the dev server (tests/integration/bad-input).
 */
import { gzipSync } from 'node:zlib';

export interface DatasetCase {
  name: string;
  /** File contents to upload; the case's URI then points at it. */
  bytes?: Uint8Array;
  /** A URI instead of an upload: gets the store's root (`s3://bucket/prefix/`) and bucket. */
  uri?: (store: { root: string; bucket: string }) => string;
  /** Overrides of `dataset.source` (format, textField, labelField). */
  source?: Record<string, unknown>;
  /** `dataset.labels` when the case declares labels. */
  labels?: string[];
  /** Other `dataset` options of the case (e.g. a small maxFileBytes). */
  options?: Record<string, unknown>;
  /** Expected ApplicationFailure type (the domain error name). */
  type: 'DataError' | 'ArtifactAccessError' | 'ArtifactNotFoundError';
  message: string;
  /** Only meaningful against a store with a bucket (S3): skipped with the in-memory store. */
  s3Only?: true;
  fixed?: true;
}

const enc = (s: string) => new TextEncoder().encode(s);
const jsonl = (rows: unknown[]) => enc(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
/** `n` rows per label of a healthy two-class set. */
const rows = (n: number, labels = ['neg', 'pos']) =>
  labels.flatMap((label) => Array.from({ length: n }, (_, i) => ({ text: `${label} example number ${i}`, label })));

function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => c.charCodeAt(0) & 0xff));
}

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) out.set([text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8], 2 + i * 2);
  return out;
}

/** UTF-16 without a byte-order mark: ASCII shows as NUL in every other byte. */
function utf16NoBom(text: string, order: 'le' | 'be'): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const [lo, hi] = [text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8];
    out.set(order === 'le' ? [lo, hi] : [hi, lo], i * 2);
  }
  return out;
}

/** Every row's label with `inject` spliced in (all rows bad, so curation fails listing the first 5). */
const labelsWith = (inject: (label: string) => string) => jsonl(rows(5).map((r) => ({ ...r, label: inject(r.label) })));
const CSV_TEXT = ['text,label', ...rows(5).map((r) => `${r.text},${r.label}`)].join('\n') + '\n';
const UTF16_LE_FIX =
  'dataset is not UTF-8 text. The file looks like UTF-16LE text: convert it to UTF-8, e.g. `iconv -f UTF-16LE -t UTF-8 in > out`.';
const UTF16_BE_FIX =
  'dataset is not UTF-8 text. The file looks like UTF-16BE text: convert it to UTF-8, e.g. `iconv -f UTF-16BE -t UTF-8 in > out`.';
/** 100 KB of JSONL that gzip shrinks to well under 1 KB: a (small) gzip bomb against maxFileBytes 4096. */
const BOMB = new Uint8Array(gzipSync(enc(`${'{"text":"aaaa","label":"a"}\n'.repeat(4000)}`)));
const LABEL_FIX = 'remove control and bidi characters from labels';

/** Deterministic pseudo-random bytes (a "model file uploaded as data"). */
function binaryBlob(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  out.set([0x89, 0x50, 0x4e, 0x47], 0); // PNG magic
  return out;
}

const HUGE = 'x'.repeat(3 * 1024 * 1024);

export const DATASET_CASES: DatasetCase[] = [
  { name: 'empty file', bytes: new Uint8Array(0), type: 'DataError', message: 'dataset is empty' },
  { name: 'whitespace only', bytes: enc('\n\n   \n'), type: 'DataError', message: 'dataset is empty' },
  {
    name: 'CSV with a header and no rows',
    bytes: enc('text,label\n'),
    source: { format: 'csv' },
    type: 'DataError',
    message: 'dataset is empty',
  },
  { name: 'binary file (PNG-like bytes)', bytes: binaryBlob(4096), type: 'DataError', message: 'is not valid UTF-8' },
  {
    name: 'Latin-1 encoded text',
    bytes: latin1(
      rows(5)
        .map((r) => JSON.stringify({ ...r, text: `${r.text} caf\u00e9` }))
        .join('\n'),
    ),
    type: 'DataError',
    message: 'Re-save the file as UTF-8',
  },
  {
    name: 'UTF-16 with BOM',
    bytes: utf16le(JSON.stringify({ text: 'hello', label: 'pos' })),
    type: 'DataError',
    message: UTF16_LE_FIX,
  },
  // Encodings and compression (issue 15): named, with the conversion that fixes them.
  {
    name: 'UTF-16LE JSONL without a BOM',
    bytes: utf16NoBom(new TextDecoder().decode(jsonl(rows(5))), 'le'),
    type: 'DataError',
    message: UTF16_LE_FIX,
  },
  {
    name: 'UTF-16LE CSV without a BOM',
    bytes: utf16NoBom(CSV_TEXT, 'le'),
    source: { format: 'csv' },
    type: 'DataError',
    message: UTF16_LE_FIX,
  },
  {
    name: 'UTF-16BE CSV without a BOM',
    bytes: utf16NoBom(CSV_TEXT, 'be'),
    source: { format: 'csv' },
    type: 'DataError',
    message: UTF16_BE_FIX,
  },
  {
    name: 'UTF-16BE with BOM',
    bytes: new Uint8Array([0xfe, 0xff, ...utf16NoBom(CSV_TEXT, 'be')]),
    source: { format: 'csv' },
    type: 'DataError',
    message: UTF16_BE_FIX,
  },
  // Gzip is read transparently (lib/data/ingest/gunzip-dataset.ts); what is refused is a broken or oversized stream.
  {
    name: 'truncated gzip',
    bytes: new Uint8Array(gzipSync(jsonl(rows(50)))).slice(0, 40),
    type: 'DataError',
    message: 'starts like gzip (bytes 1f 8b) but does not decompress',
  },
  {
    name: 'gzip bomb: decompresses past dataset.maxFileBytes',
    bytes: BOMB,
    options: { maxFileBytes: 4096 },
    type: 'DataError',
    message: `is gzip-compressed and decompresses to more than dataset.maxFileBytes=4096 bytes (${BOMB.byteLength} bytes compressed)`,
  },
  // Control characters and bidi overrides in labels (issue 15): quarantined, naming row and code point.
  {
    name: 'NUL inside labels',
    bytes: labelsWith((l) => `${l}\u0000`),
    type: 'DataError',
    message: `row 1 (control-characters: label "neg\\u0000" contains U+0000; ${LABEL_FIX})`,
  },
  {
    name: 'ANSI escape in labels',
    bytes: labelsWith((l) => `\u001b[31m${l}`),
    type: 'DataError',
    message: `row 1 (control-characters: label "\\u001b[31mneg" contains U+001B; ${LABEL_FIX})`,
  },
  {
    name: 'tab inside labels',
    bytes: labelsWith((l) => `${l[0]}\t${l.slice(1)}`),
    type: 'DataError',
    message: `row 1 (control-characters: label "n\\teg" contains U+0009; ${LABEL_FIX})`,
  },
  {
    name: 'C1 control (NEL) inside labels',
    bytes: labelsWith((l) => `${l}\u0085x`),
    type: 'DataError',
    message: `contains U+0085; ${LABEL_FIX}`,
  },
  {
    name: 'right-to-left override in labels',
    bytes: labelsWith((l) => `\u202e${l}`),
    type: 'DataError',
    message: `contains U+202E; ${LABEL_FIX}`,
  },
  {
    name: 'left-to-right embedding in labels',
    bytes: labelsWith((l) => `\u202a${l}\u202c`),
    type: 'DataError',
    message: `contains U+202A; ${LABEL_FIX}`,
  },
  // Duplicate keys (issue 15): JSON.parse would keep the last value silently.
  {
    name: 'duplicate label key in every row',
    bytes: enc(
      rows(5)
        .map((r) => `{"text":${JSON.stringify(r.text)},"label":"pos","label":${JSON.stringify(r.label)}}`)
        .join('\n'),
    ),
    type: 'DataError',
    message: 'row 1 (malformed-row: duplicate key "label" in row 1 (JSON keeps only the last value); keep one)',
  },
  {
    name: 'duplicate text key spelled with an escape',
    bytes: enc(
      rows(5)
        .map((r) => `{"text":"a","\\u0074ext":${JSON.stringify(r.text)},"label":${JSON.stringify(r.label)}}`)
        .join('\n'),
    ),
    type: 'DataError',
    message: 'duplicate key "text" in row 1',
  },
  // Label collisions (issue 15): spellings that differ only in case are refused, not split into classes.
  {
    name: 'labels differing only in case',
    bytes: jsonl([...rows(3, ['neg', 'pos']), ...rows(2, ['Neg', 'POS'])]),
    type: 'DataError',
    message:
      'dataset labels differ only in case and would become separate classes: "neg" (3 rows, first row 1) / "Neg" (2 rows, first row 7); "pos" (3 rows, first row 4) / "POS" (2 rows, first row 9).',
  },
  {
    name: 'full-width label colliding in case after NFKC',
    bytes: jsonl([...rows(3, ['neg', 'pos']), ...rows(2, ['\uff2e\uff45\uff47'])]),
    type: 'DataError',
    message: '"neg" (3 rows, first row 1) / "Neg" (2 rows, first row 7)',
  },
  {
    name: 'first-strong isolate in labels',
    bytes: labelsWith((l) => `${l}\u2068`),
    type: 'DataError',
    message: `contains U+2068; ${LABEL_FIX}`,
  },
  {
    name: 'NUL bytes inside texts',
    bytes: jsonl(rows(5).map((r) => ({ ...r, text: `${r.text}\u0000\u0001` }))),
    type: 'DataError',
    message: 'control-characters',
  },
  { name: 'single class', bytes: jsonl(rows(10, ['pos'])), type: 'DataError', message: 'dataset has a single class' },
  // Extreme class counts (issue 15): refused at curation in seconds instead of crawling through epoch 1.
  {
    name: '10,000 classes × 4 rows',
    bytes: jsonl(
      Array.from({ length: 40_000 }, (_, i) => ({
        text: `cue${i % 10_000} item ${Math.floor(i / 10_000)}`,
        label: `c${i % 10_000}`,
      })),
    ),
    type: 'DataError',
    message:
      'dataset has too few rows per class to train: 10000 classes, 40000 rows after curation (4 per class), ' +
      'train split 20000 rows (2 per class, below dataset.minTrainRowsPerClass=3 for more than 100 classes; 10000 classes in train, 10000 in val). ' +
      'Merge rare classes into broader ones (relabel their rows), get more rows per class, or lower dataset.minTrainRowsPerClass (0 turns the check off).',
  },
  {
    name: 'labels missing on every row',
    bytes: jsonl(rows(5).map(({ text }) => ({ text }))),
    type: 'DataError',
    message: 'missing-label',
  },
  {
    name: 'labelField names a key the data lacks',
    bytes: jsonl(rows(5)),
    source: { labelField: 'sentiment' },
    type: 'DataError',
    message: 'missing-label',
  },
  {
    name: 'labels that are objects',
    bytes: jsonl(rows(5).map((r) => ({ ...r, label: { name: r.label } }))),
    type: 'DataError',
    message: 'label is a object, not a string',
  },
  {
    name: 'texts that are numbers',
    bytes: jsonl(rows(5).map((r, i) => ({ ...r, text: i }))),
    type: 'DataError',
    message: 'text is a number, not a string',
  },
  {
    name: 'labels outside the declared set',
    bytes: jsonl(rows(5, ['bad', 'good'])),
    labels: ['neg', 'pos'],
    type: 'DataError',
    message: 'unknown-label',
  },
  {
    name: 'split column on only some rows',
    bytes: jsonl(rows(10).map((r, i) => (i < 15 ? { ...r, split: 'train' } : r))),
    type: 'DataError',
    message:
      'dataset split column "split": 15 valid rows name a split and 5 do not (first: row 16); give every row train, val or test, or none (then curation splits)',
  },
  {
    name: 'split column without test rows',
    bytes: jsonl(rows(10).map((r, i) => ({ ...r, split: i % 5 === 0 ? 'dev' : 'train' }))),
    type: 'DataError',
    message:
      "the dataset's split column gives no test rows (train 16, val 4, test 0 after curation); add test rows, or drop the split column so curation splits the data",
  },
  {
    name: 'split values from another tool (holdout) on every row',
    bytes: jsonl(rows(5).map((r) => ({ ...r, split: 'holdout' }))),
    type: 'DataError',
    message: 'row 1 (malformed-row: split "holdout" is not train, val or test (validation and dev also mean val)',
  },
  {
    name: 'CSV uploaded as JSONL',
    bytes: enc('text,label\nhello,pos\nbye,neg\nmore,pos\n'),
    type: 'DataError',
    message: 'invalid JSON',
  },
  {
    name: 'JSON array on one huge line instead of JSONL',
    bytes: enc(JSON.stringify(rows(2000))),
    type: 'DataError',
    message: 'line is JSON but not an object',
  },
  {
    name: 'one 3 MiB line among 9 rows',
    bytes: jsonl([...rows(4), { text: HUGE, label: 'pos' }]),
    type: 'DataError',
    message: 'text-too-long',
  },
  {
    name: 'CSV without the label column',
    bytes: enc('text,sentiment\nhello,pos\nbye,neg\n'),
    source: { format: 'csv' },
    type: 'DataError',
    message: 'dataset CSV header has no column "label"',
  },
  {
    name: 'CSV without a header row',
    bytes: enc('hello,pos\nbye,neg\nmore,pos\n'),
    source: { format: 'csv' },
    type: 'DataError',
    message: 'A header row is required',
  },
  {
    name: 'CSV with unquoted commas',
    bytes: enc(['text,label', ...rows(5).map((r) => `${r.text}, really, ${r.label}`)].join('\n')),
    source: { format: 'csv' },
    type: 'DataError',
    message: 'quote fields that contain commas',
  },
  {
    name: 'too few rows to fill val and test',
    bytes: jsonl(rows(2)),
    type: 'DataError',
    message: 'dataset is too small to evaluate',
    fixed: true,
  },
  // URIs: the store's own rules, named after the config field.
  {
    name: 'path traversal out of the prefix',
    uri: ({ root }) => `${root}../other/data.jsonl`,
    type: 'ArtifactAccessError',
    message: 'dataset.source.uri',
    fixed: true,
  },
  {
    name: 'path traversal inside the prefix',
    uri: ({ root }) => `${root}datasets/../../secret.jsonl`,
    type: 'ArtifactAccessError',
    message: "key must not contain '..' segments",
    fixed: true,
  },
  {
    name: 'empty path segment',
    uri: ({ root }) => `${root}datasets//data.jsonl`,
    type: 'ArtifactAccessError',
    message: 'empty segments',
    fixed: true,
  },
  {
    name: 'another bucket than configured',
    uri: () => 's3://someone-elses-bucket/ff/data.jsonl',
    type: 'ArtifactAccessError',
    message: 'is outside this store',
    s3Only: true,
    fixed: true,
  },
  {
    name: 'same bucket, another prefix',
    uri: ({ bucket }) => `s3://${bucket}/not-our-prefix/data.jsonl`,
    type: 'ArtifactAccessError',
    message: 'is outside this store',
    s3Only: true,
    fixed: true,
  },
  {
    name: 'object that does not exist',
    uri: ({ root }) => `${root}datasets/never-uploaded.jsonl`,
    type: 'ArtifactNotFoundError',
    message: 'dataset.source.uri',
    fixed: true,
  },
  {
    name: 'file:// on a worker that disallows it',
    uri: () => 'file:///etc/passwd',
    type: 'ArtifactAccessError',
    message: 'file:// sources are disabled on this worker',
  },
];
