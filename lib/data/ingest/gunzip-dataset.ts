import { gunzipSync } from 'node:zlib';
import { DataError } from '../../core/errors';

/** Whether `bytes` start with the gzip magic bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Gzip-compressed dataset files (`.jsonl.gz`, `.csv.gz`, or any name: the magic
 * bytes decide) are read transparently: the decompressed bytes are returned,
 * other bytes unchanged. The limit applies to the DECOMPRESSED size (zlib stops
 * at `maxFileBytes + 1`), so a small file that expands without bound (a gzip
 * bomb) is refused without being inflated in memory.
 *
 * @throws DataError when the decompressed data exceeds `maxFileBytes`, or the
 *   gzip stream is corrupt or truncated, naming the URI and the fix.
 */
export function gunzipDataset(bytes: Uint8Array, maxFileBytes: number, uri: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    const out = gunzipSync(bytes, { maxOutputLength: maxFileBytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new DataError(
        `dataset ${uri} is gzip-compressed and decompresses to more than dataset.maxFileBytes=${maxFileBytes} bytes (${bytes.byteLength} bytes compressed); ` +
          'split it into smaller shards, or raise dataset.maxFileBytes (at most 400 MiB).',
        { uri, compressedBytes: bytes.byteLength, maxFileBytes },
      );
    }
    throw new DataError(
      `dataset ${uri} starts like gzip (bytes 1f 8b) but does not decompress (${e.message}); re-create it with gzip, or upload the plain file.`,
      { uri },
    );
  }
}
