import { DataError } from '../../core/errors';

/**
 * Pretrained word vectors (e.g. GloVe 100-d trimmed by `scripts/trim-glove.ts`)
 * in a compact artifact: a JSON header line then raw little-endian float32.
 *
 * Layout: bytes 0..7 magic "FFVEC001", u32 header length H, H bytes of UTF-8
 * JSON `{ dim, words: string[] }`, padding to a multiple of 4, then
 * `words.length * dim` float32 values, row i the vector of `words[i]`.
 */
export interface PretrainedVectors {
  dim: number;
  words: string[];
  /** Row-major `[words.length, dim]`. */
  vectors: Float32Array;
}

const MAGIC = 'FFVEC001';

/** Serialises vectors; throws if `vectors.length !== words.length * dim`. */
export function encodeVectors(v: PretrainedVectors): Uint8Array {
  if (v.vectors.length !== v.words.length * v.dim)
    throw new Error(`vectors: ${v.vectors.length} values for ${v.words.length} words x ${v.dim}`);
  const header = new TextEncoder().encode(JSON.stringify({ dim: v.dim, words: v.words }));
  const start = (12 + header.length + 3) & ~3;
  const out = new Uint8Array(start + v.vectors.byteLength);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  out.set(new Uint8Array(v.vectors.buffer, v.vectors.byteOffset, v.vectors.byteLength), start);
  return out;
}

/** Parses {@link encodeVectors} bytes; DataError on foreign or truncated bytes. */
export function decodeVectors(bytes: Uint8Array): PretrainedVectors {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new DataError('not a finetune-flow word-vector artifact (bad magic); make one with scripts/trim-glove.ts');
  }
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const { dim, words } = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as {
    dim: number;
    words: string[];
  };
  const start = (12 + length + 3) & ~3;
  if (bytes.length < start + words.length * dim * 4)
    throw new DataError('word-vector artifact truncated; re-create it with scripts/trim-glove.ts');
  const vectors = new Float32Array(bytes.slice(start, start + words.length * dim * 4).buffer);
  return { dim, words, vectors };
}
