import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { SeededDropout } from '../layers/seeded-dropout';
import { applyEncoder, EncoderOptionsSchema, layerSeed } from '../layers/text-encoders';

/**
 * The "text classifier" model family: a trainable word embedding, an encoder
 * (average pooling by default; CNN, BiGRU or a small transformer, see
 * `text-encoders.ts`), dropout and a softmax layer. Small and fast enough to
 * train on the pure-JS cpu backend (with the fast UnsortedSegmentSum kernel).
 * Options saved by older checkpoints (without encoder fields) parse to the
 * original average-pooling model.
 */
export const TextClassifierOptionsSchema = EncoderOptionsSchema.extend({
  /** Width of the word vectors. */
  embeddingDim: z.number().int().min(1).max(1024).default(32),
  /** Dropout rate after pooling, in [0, 1). */
  dropout: z.number().min(0).lt(1).default(0),
  /** Tokens per text (longer texts are truncated, shorter padded). */
  maxLen: z.number().int().min(1).max(4096).default(40),
  /** Vocabulary size including PAD (0) and OOV (1). */
  vocabSize: z.number().int().min(2).max(1_000_000).default(6000),
  /** Pooling over token positions; padding is averaged in (not mask-aware). */
  pooling: z.enum(['average']).default('average'),
});
export type TextClassifierOptions = z.infer<typeof TextClassifierOptionsSchema>;

/** A built model plus the handle the trainer needs to seed dropout per batch. */
export interface TextClassifierModel {
  model: tf.LayersModel;
  dropout: SeededDropout;
}

/**
 * Builds (not compiled) the model: input int32 `[batch, maxLen]` token ids,
 * output `[batch, numClasses]` probabilities. Deterministic: the same options,
 * numClasses and seed always give the same initial weights. The caller owns
 * the model and must `dispose()` it. Throws if numClasses < 2.
 */
export function buildTextClassifier(
  options: TextClassifierOptions,
  numClasses: number,
  seed: number,
): TextClassifierModel {
  if (!Number.isInteger(numClasses) || numClasses < 2)
    throw new Error(`numClasses must be an integer >= 2, got ${numClasses}`);
  const o = TextClassifierOptionsSchema.parse(options);
  const input = tf.input({ shape: [o.maxLen], dtype: 'int32', name: 'token_ids' });
  const embedded = tf.layers
    .embedding({
      inputDim: o.vocabSize,
      outputDim: o.embeddingDim,
      inputLength: o.maxLen,
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: layerSeed(seed, 'embedding'),
      }),
      name: 'embedding',
    })
    .apply(input) as tf.SymbolicTensor;
  const pooled = applyEncoder(embedded, input, o, seed);
  const dropout = new SeededDropout({ rate: o.dropout, name: 'dropout' });
  const dropped = dropout.apply(pooled) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({
      units: numClasses,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 'dense') }),
      biasInitializer: 'zeros',
      name: 'classes',
    })
    .apply(dropped) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: 'text_classifier' });
  return { model, dropout };
}
