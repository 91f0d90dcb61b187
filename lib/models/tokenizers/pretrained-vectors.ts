import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../core/errors';

export { decodeVectors, encodeVectors, type PretrainedVectors } from './pretrained-vectors-format';
import type { PretrainedVectors } from './pretrained-vectors-format';

/**
 * Embedding matrix `[vocabSize, dim]` for a tokenizer vocabulary (`vocabWords`
 * are ids 2..): rows of words found in `pretrained` take their vectors, all
 * other rows (PAD, OOV, unknown words) keep `fallback`'s values. Returns the
 * matrix and how many words were found. ConfigError if the widths differ.
 */
export function embeddingFromVectors(
  pretrained: PretrainedVectors,
  vocabWords: readonly string[],
  fallback: tf.Tensor2D,
): { matrix: tf.Tensor2D; found: number } {
  const [vocabSize, dim] = fallback.shape;
  if (dim !== pretrained.dim) {
    throw new ConfigError(
      `embeddingDim ${dim} differs from the pretrained vectors' width ${pretrained.dim}; set embeddingDim to ${pretrained.dim}`,
    );
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
