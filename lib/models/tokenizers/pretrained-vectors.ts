import * as tf from '@tensorflow/tfjs';
import { ConfigError, DataError } from '../../core/errors';

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
  if (v.vectors.length !== v.words.length * v.dim) throw new Error(`vectors: ${v.vectors.length} values for ${v.words.length} words x ${v.dim}`);
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
  const { dim, words } = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as { dim: number; words: string[] };
  const start = (12 + length + 3) & ~3;
  if (bytes.length < start + words.length * dim * 4) throw new DataError('word-vector artifact truncated; re-create it with scripts/trim-glove.ts');
  const vectors = new Float32Array(bytes.slice(start, start + words.length * dim * 4).buffer);
  return { dim, words, vectors };
}

/**
 * Embedding matrix `[vocabSize, dim]` for a tokenizer vocabulary (`vocabWords`
 * are ids 2..): rows of words found in `pretrained` take their vectors, all
 * other rows (PAD, OOV, unknown words) keep `fallback`'s values. Returns the
 * matrix and how many words were found. ConfigError if the widths differ.
 */
export function embeddingFromVectors(pretrained: PretrainedVectors, vocabWords: readonly string[], fallback: tf.Tensor2D): { matrix: tf.Tensor2D; found: number } {
  const [vocabSize, dim] = fallback.shape;
  if (dim !== pretrained.dim) {
    throw new ConfigError(`embeddingDim ${dim} differs from the pretrained vectors' width ${pretrained.dim}; set embeddingDim to ${pretrained.dim}`);
  }
  const index = new Map(pretrained.words.map((w, i) => [w, i]));
  const values = Float32Array.from(fallback.dataSync());
  let found = 0;
  vocabWords.forEach((w, i) => {
    const row = index.get(w);
    const id = i + 2;
    if (row === undefined || id >= vocabSize) return;
    values.set(pretrained.vectors.subarray(row * dim, (row + 1) * dim), id * dim);
    found++;
  });
  return { matrix: tf.tensor2d(values, [vocabSize, dim]), found };
}
