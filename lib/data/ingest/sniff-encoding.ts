/** What the first bytes of a file say about how it is encoded. */
export type SniffedEncoding = 'gzip' | 'utf-16le' | 'utf-16be' | 'unknown';

/** How many leading bytes {@link sniffEncoding} looks at. */
export const SNIFF_BYTES = 1024;

/**
 * Guesses, from the first {@link SNIFF_BYTES} bytes, whether a file is gzip
 * (magic bytes 1f 8b) or UTF-16 with or without a byte-order mark. Without a
 * BOM, UTF-16 text of mostly ASCII shows as NUL in every other byte: LE when
 * at least 3/4 of the odd bytes are NUL and fewer than 1/8 of the even ones
 * are (BE: the other way round), over at least 4 byte pairs.
 *
 * Pure and cheap (reads at most 1 KiB); 'unknown' means "try UTF-8".
 */
export function sniffEncoding(bytes: Uint8Array): SniffedEncoding {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const pairs = Math.floor(Math.min(bytes.length, SNIFF_BYTES) / 2);
  if (pairs < 4) return 'unknown';
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenNul++;
    if (bytes[2 * i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.75 && evenNul < pairs / 8) return 'utf-16le';
  if (evenNul >= pairs * 0.75 && oddNul < pairs / 8) return 'utf-16be';
  return 'unknown';
}

/** The sentence a decoding error adds for a sniffed encoding (empty for 'unknown'). */
export function sniffedEncodingHint(encoding: SniffedEncoding): string {
  switch (encoding) {
    case 'gzip':
      return 'The file is gzip-compressed (starts with bytes 1f 8b): decompress it (gunzip) and upload the plain file.';
    case 'utf-16le':
    case 'utf-16be': {
      const name = encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
      return `The file looks like ${name} text: convert it to UTF-8, e.g. \`iconv -f ${name} -t UTF-8 in > out\`.`;
    }
    default:
      return '';
  }
}
