import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ArtifactStore } from '../lib/artifacts/artifact-store';
import { writeOnce } from '../lib/artifacts/write-once';
import { ConfigError, DataError } from '../lib/core/errors';
import { printable, printableJson } from '../lib/core/printable';
import { DatasetSchema } from '../lib/data/dataset-schema';
import { parseDatasetBytes } from '../lib/data/ingest/parse-dataset';
import { gunzipDataset } from '../lib/data/ingest/gunzip-dataset';
import { loadWorkerEnv } from '../workers/worker-env';
import { s3StoreFromEnv } from '../workers/s3-store-from-env';

/** Where uploaded datasets live under the store's prefix: `datasets/<name>`. */
export const DATASETS_PREFIX = 'datasets';
/** Dataset names: a file name without directories, so the key cannot escape `datasets/`. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface DataUploadOptions {
  name?: string;
  textField?: string;
  labelField?: string;
  json?: boolean;
}

export interface DataUploadResult {
  uri: string;
  key: string;
  bytes: number;
  rows: number;
  labels: string[];
  format: 'jsonl' | 'csv';
  /** False when the same bytes were already there (the upload is idempotent). */
  written: boolean;
}

/** jsonl or csv from the file name (`.jsonl`, `.json`, `.ndjson`, `.csv`, each optionally `.gz`: read transparently); anything else is refused. */
export function formatOf(name: string): 'jsonl' | 'csv' {
  if (/\.csv(\.gz)?$/i.test(name)) return 'csv';
  if (/\.(jsonl|ndjson|json)(\.gz)?$/i.test(name)) return 'jsonl';
  throw new ConfigError(
    `cannot tell the format of "${name}": name it .jsonl (one JSON object per line) or .csv (with a header row), or pass --name with that extension`,
  );
}

/**
 * Checks `bytes` with the run's own reader (the same parse a run does), then
 * puts them at `datasets/<name>` in `store`. Refuses to replace different
 * bytes under an existing name (a run's lineage points at that URI); the same
 * bytes again are a no-op.
 *
 * @throws ConfigError for a bad name or an existing different dataset;
 *   DataError when the file cannot be read as a dataset (empty, not UTF-8, missing columns).
 */
export async function uploadDataset(
  store: ArtifactStore,
  bytes: Uint8Array,
  fileName: string,
  opts: DataUploadOptions = {},
): Promise<DataUploadResult> {
  const name = opts.name ?? basename(fileName);
  if (!NAME.test(name) || name.includes('..')) {
    throw new ConfigError(
      `dataset name "${name}" is not allowed: use letters, digits, '.', '_' and '-' (at most 128, no '..'), e.g. --name reviews-2026.jsonl`,
    );
  }
  const format = formatOf(name);
  const source = { format, textField: opts.textField ?? 'text', labelField: opts.labelField ?? 'label' };
  const maxFileBytes = DatasetSchema.shape.maxFileBytes.parse(undefined);
  if (bytes.byteLength > maxFileBytes) {
    throw new DataError(
      `${fileName} is ${bytes.byteLength} bytes, over dataset.maxFileBytes (${maxFileBytes}): split it or raise dataset.maxFileBytes (at most 400 MiB)`,
    );
  }
  const rows = parseDatasetBytes(gunzipDataset(bytes, maxFileBytes, fileName), source);
  const labels = [...new Set(rows.flatMap((r) => (typeof r.label === 'string' ? [r.label] : [])))].sort();
  const key = `${DATASETS_PREFIX}/${name}`;
  const { written } = await writeOnce(store, {
    key,
    body: bytes,
    contentType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
    conflict: (uri) =>
      new ConfigError(`${uri} already holds a different dataset (runs may point at it): pick another --name`),
  });
  return { uri: store.uriFor(key), key, bytes: bytes.byteLength, rows: rows.length, labels, format, written };
}

/** The config lines that use an uploaded dataset. */
export function configSnippet(r: DataUploadResult, opts: DataUploadOptions): string {
  const fields = [
    opts.textField && `textField: ${opts.textField}`,
    opts.labelField && `labelField: ${opts.labelField}`,
  ].filter(Boolean);
  return `dataset:\n  source: { kind: uri, uri: ${r.uri}, format: ${r.format}${fields.length ? `, ${fields.join(', ')}` : ''} }`;
}

/** `data upload <file>`: to the store the workers use (FF_S3_*), printing the URI and the config lines. */
export async function dataUploadCommand(file: string, opts: DataUploadOptions): Promise<void> {
  const env = loadWorkerEnv();
  const store = s3StoreFromEnv(env);
  const bytes = new Uint8Array(await readFile(file));
  const result = await uploadDataset(store, bytes, file, opts);
  if (opts.json) {
    console.log(printableJson(result, 2));
    return;
  }
  const shown =
    result.labels.length > 10
      ? `${result.labels.slice(0, 10).join(', ')}, … (${result.labels.length} in all)`
      : result.labels.join(', ');
  // The file name, object name and labels come from the user and the data: shown escaped.
  console.log(
    printable(
      `${result.written ? 'Uploaded' : 'Already uploaded (same bytes)'} ${file}: ${result.rows} rows, ${result.bytes} bytes, labels ${shown}`,
    ),
  );
  console.log(printable(result.uri));
  console.log(printable(`\nIn the experiment config:\n${configSnippet(result, opts)}`, { keepNewlines: true }));
}
