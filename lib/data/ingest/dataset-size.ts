import { DataError } from '../../core/errors';

/**
 * Refuses a dataset file before it is read when it is larger than
 * `dataset.maxFileBytes`. Reading a multi-GB object into one buffer, then
 * decoding it into one JS string (V8 caps strings at ~512 Mi characters),
 * would crash or starve the worker, and a retry would do it again; a clear,
 * non-retryable error that names the limit and the fix loses nothing (the
 * source object is untouched).
 *
 * @throws DataError when `bytes > maxFileBytes`.
 */
export function assertDatasetSize(bytes: number, maxFileBytes: number, uri: string): void {
  if (bytes <= maxFileBytes) return;
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  throw new DataError(
    `dataset ${uri} is ${mib(bytes)} (${bytes} bytes), above dataset.maxFileBytes=${maxFileBytes} (${mib(maxFileBytes)}). ` +
      'Split it into smaller JSONL/CSV shards, or raise dataset.maxFileBytes (at most 400 MiB: a file is decoded into one string).',
    { uri, bytes, maxFileBytes },
  );
}
