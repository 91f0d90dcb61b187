import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { hash32 } from '../../core/rng';
import { MaskedMeanPooling, MultiHeadSelfAttention, PositionEmbedding } from './attention-layers';
import { LayerNorm } from './layer-norm';

/**
 * Encoders of the text-classifier family: each maps embedded tokens
 * `[batch, maxLen, dim]` to one vector per text `[batch, width]`.
 * - 'average': mean over all positions (padding included; the original model).
 * - 'cnn': conv1d (ReLU, 'same' padding) + global max pooling over positions.
 * - 'bigru': bidirectional GRU, the two final states concatenated.
 * - 'transformer': learned position embeddings + `transformerLayers` post-norm
 *   encoder blocks (multi-head self-attention with padding masked, ReLU
 *   feed-forward, residuals, layer norm), then a mean over non-padding tokens.
 */
import { EncoderSchema, EncoderSizesSchema, type Encoder } from './encoder-schema';
export { EncoderSchema, type Encoder };

/** Encoder choice and sizes; each size applies only to its encoder. */
export const EncoderOptionsSchema = z.object({
  encoder: EncoderSchema.default('average'),
  ...EncoderSizesSchema.shape,
});
export type EncoderOptions = z.infer<typeof EncoderOptionsSchema>;

/** Derives a 31-bit initializer seed from the run seed and a layer role. */
export function layerSeed(seed: number, role: string): number {
  return hash32(`${seed}:init:${role}`) & 0x7fffffff;
}

type Sym = tf.SymbolicTensor;

function cnn(x: Sym, o: EncoderOptions, seed: number): Sym {
  const conv = tf.layers
    .conv1d({
      filters: o.cnnFilters,
      kernelSize: o.cnnKernelSize,
      padding: 'same',
      activation: 'relu',
      name: 'conv',
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 'conv') }),
    })
    .apply(x) as Sym;
  return tf.layers.globalMaxPooling1d({ name: 'pool' }).apply(conv) as Sym;
}

function bigru(x: Sym, o: EncoderOptions, seed: number): Sym {
  const gru = tf.layers.gru({
    units: o.gruUnits,
    name: 'gru',
    kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 'gru/kernel') }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: layerSeed(seed, 'gru/recurrent') }),
  });
  return tf.layers.bidirectional({ layer: gru as tf.RNN, mergeMode: 'concat', name: 'bigru' }).apply(x) as Sym;
}

/**
 * One post-norm transformer block named `block<i>_*` (attention, norm1,
 * ff_in, ff_out, norm2). `causal` masks future positions (the language
 * model); the same names and shapes let a classifier start from an LM's blocks.
 */
export function transformerBlock(
  x: Sym,
  ids: Sym,
  o: Pick<EncoderOptions, 'transformerHeads' | 'transformerFfDim'>,
  seed: number,
  i: number,
  causal = false,
): Sym {
  const dim = x.shape[2] as number;
  const dense = (units: number, role: string, activation?: 'relu') =>
    tf.layers.dense({
      units,
      activation,
      name: `block${i}_${role}`,
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, `block${i}/${role}`) }),
    });
  const attention = new MultiHeadSelfAttention({
    heads: o.transformerHeads,
    causal,
    seed: layerSeed(seed, `block${i}/attention`),
    name: `block${i}_attention`,
  });
  const attended = attention.apply([x, ids]) as Sym;
  const norm1 = new LayerNorm({ name: `block${i}_norm1` }).apply(
    tf.layers.add({ name: `block${i}_res1` }).apply([x, attended]),
  ) as Sym;
  const ff = dense(dim, 'ff_out').apply(dense(o.transformerFfDim, 'ff_in', 'relu').apply(norm1)) as Sym;
  return new LayerNorm({ name: `block${i}_norm2` }).apply(
    tf.layers.add({ name: `block${i}_res2` }).apply([norm1, ff]),
  ) as Sym;
}

function transformer(x: Sym, ids: Sym, o: EncoderOptions, seed: number): Sym {
  const dim = x.shape[2] as number;
  if (dim % o.transformerHeads !== 0) {
    throw new Error(
      `transformer encoder: embeddingDim ${dim} must be divisible by transformerHeads ${o.transformerHeads}`,
    );
  }
  let h = new PositionEmbedding({ seed: layerSeed(seed, 'positions'), name: 'positions' }).apply(x) as Sym;
  for (let i = 0; i < o.transformerLayers; i++) h = transformerBlock(h, ids, o, seed, i);
  return new MaskedMeanPooling({ name: 'pool' }).apply([h, ids]) as Sym;
}

/**
 * Applies the chosen encoder to `embedded` (`[batch, maxLen, dim]`); `ids` is
 * the int32 token-id input (used for padding masks). Layer names are stable
 * (`conv`, `bigru`, `block0_attention`, ...), so `freeze` patterns can name them.
 */
export function applyEncoder(embedded: Sym, ids: Sym, options: EncoderOptions, seed: number): Sym {
  switch (options.encoder) {
    case 'average':
      return tf.layers.globalAveragePooling1d({ name: 'pool' }).apply(embedded) as Sym;
    case 'cnn':
      return cnn(embedded, options, seed);
    case 'bigru':
      return bigru(embedded, options, seed);
    case 'transformer':
      return transformer(embedded, ids, options, seed);
  }
}
