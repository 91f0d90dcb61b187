import { gzipSync } from 'node:zlib';
import { sniffEncoding } from '../../../../lib/data/ingest/sniff-encoding';
import { decodeUtf8Strict } from '../../../../lib/data/ingest/decode-utf8';
import { DataError } from '../../../../lib/core/errors';

const enc = (s: string) => new TextEncoder().encode(s);
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le').swap16());
const HEADER = 'text,label\nhello,pos\n';

describe('sniffEncoding', () => {
  it.each([
    ['gzip magic', new Uint8Array(gzipSync(enc(HEADER))), 'gzip'],
    ['UTF-16LE without BOM', utf16le(HEADER), 'utf-16le'],
    ['UTF-16BE without BOM', utf16be(HEADER), 'utf-16be'],
    ['UTF-16LE BOM', new Uint8Array([0xff, 0xfe, 0x41, 0x00]), 'utf-16le'],
    ['UTF-16BE BOM', new Uint8Array([0xfe, 0xff, 0x00, 0x41]), 'utf-16be'],
    ['plain UTF-8', enc(HEADER), 'unknown'],
    ['UTF-8 with a few NULs', enc('text\u0000,label\nhello,pos\u0000\n'), 'unknown'],
    ['too short to tell', new Uint8Array([0x41, 0x00, 0x42, 0x00]), 'unknown'],
    ['empty', new Uint8Array(0), 'unknown'],
  ])('%s -> %s', (_what, bytes, expected) => {
    expect(sniffEncoding(bytes)).toBe(expected);
  });

  it('looks at the first KiB only: UTF-16 after 1 KiB of UTF-8 is not sniffed', () => {
    const bytes = new Uint8Array([...enc('x'.repeat(1024)), ...utf16le(HEADER)]);
    expect(sniffEncoding(bytes)).toBe('unknown');
  });
});

describe('decodeUtf8Strict refuses sniffed encodings with the fix', () => {
  it('names UTF-16LE without a BOM and the iconv conversion', () => {
    expect(() => decodeUtf8Strict(utf16le(HEADER), 'dataset')).toThrow(
      new DataError(
        'dataset is not UTF-8 text. The file looks like UTF-16LE text: convert it to UTF-8, e.g. `iconv -f UTF-16LE -t UTF-8 in > out`.',
      ),
    );
  });

  it('names gzip', () => {
    expect(() => decodeUtf8Strict(new Uint8Array(gzipSync(enc(HEADER))), 'dataset')).toThrow(
      /dataset is not UTF-8 text\. The file is gzip-compressed \(starts with bytes 1f 8b\)/,
    );
  });

  it('still decodes plain UTF-8', () => {
    expect(decodeUtf8Strict(enc(`\ufeff${HEADER}`))).toBe(HEADER);
  });
});
