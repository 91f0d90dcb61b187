import { DataError } from '../../core/errors';
import { sniffEncoding, sniffedEncodingHint } from './sniff-encoding';

/**
 * Decodes bytes as strict UTF-8 and strips one leading byte-order mark.
 * Gzip and UTF-16 (with or without a BOM; see `sniffEncoding`) are refused up
 * front: UTF-16 of ASCII is valid UTF-8 with invisible NULs, which would
 * otherwise surface later as baffling "no column" errors.
 *
 * @param what names the input in error messages (e.g. "dataset s3://b/x.csv").
 * @throws DataError naming the detected encoding (gzip, UTF-16LE/BE) and the
 *   conversion that fixes it; otherwise DataError naming the byte offset (and line) of the first invalid
 *   sequence, with the likely fix (re-save the file as UTF-8).
 */
export function decodeUtf8Strict(bytes: Uint8Array, what = 'input'): string {
  const hint = sniffedEncodingHint(sniffEncoding(bytes));
  if (hint) throw new DataError(`${what} is not UTF-8 text. ${hint}`, { encoding: sniffEncoding(bytes) });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const line = countLines(bytes, offset);
    throw new DataError(
      `${what} is not valid UTF-8: invalid byte 0x${hex(bytes[offset])} at byte offset ${offset} (line ${line}). ` +
        'Re-save the file as UTF-8 (it may be Latin-1 / Windows-1252).',
      { offset, line },
    );
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates,
 * code points above U+10FFFF, truncated or stray continuation bytes), or -1 if
 * the bytes are valid.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = sequenceLength(bytes, i);
    if (len === 0) return i;
    i += len;
  }
  return -1;
}

/** Length of the valid multi-byte sequence starting at `i`, or 0 when invalid. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  let len: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) len = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    len = 3;
    if (b === 0xe0) lo = 0xa0; // overlong
    if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    len = 4;
    if (b === 0xf0) lo = 0x90; // overlong
    if (b === 0xf4) hi = 0x8f; // above U+10FFFF
  } else return 0;
  for (let k = 1; k < len; k++) {
    const c = bytes[i + k];
    if (c === undefined) return 0;
    const [min, max] = k === 1 ? [lo, hi] : [0x80, 0xbf];
    if (c < min || c > max) return 0;
  }
  return len;
}

function countLines(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function hex(b: number | undefined): string {
  return (b ?? 0).toString(16).padStart(2, '0');
}
