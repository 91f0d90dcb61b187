import * as tf from '@tensorflow/tfjs';
import { CausalLmOptionsSchema, type CausalLmOptions } from './causal-lm-options';
import { PositionEmbedding } from '../layers/attention-layers';
import { BOS_ID, type BpeTokenizer } from '../tokenizers/bpe-tokenizer';
import { PAD_ID } from '../tokenizers/word-tokenizer';
import { layerSeed, transformerBlock } from '../layers/text-encoders';

/**
 * The "causal language model" family: BPE ids -> embedding -> learned
 * positions -> causal transformer blocks -> a linear head over the compact
 * vocabulary, trained on next-token prediction. Layer names (`embedding`,
 * `positions`, `block<i>_*`) are those of the text classifier's transformer
 * encoder, so a classifier can start from a pretrained LM (lm-transfer.ts).
 */
export { CausalLmOptionsSchema, type CausalLmOptions } from './causal-lm-options';

/**
 * Builds (not compiled) the LM: input int32 `[batch, maxLen]`, output logits
 * `[batch, maxLen, vocabSize]` (position t predicts token t + 1).
 * Deterministic for (options, seed). Caller disposes.
 */
export function buildCausalLm(options: CausalLmOptions, seed: number): tf.LayersModel {
  const o = CausalLmOptionsSchema.parse(options);
  if (o.embeddingDim % o.transformerHeads !== 0) {
    throw new Error(
      `causal LM: embeddingDim ${o.embeddingDim} must be divisible by transformerHeads ${o.transformerHeads}`,
    );
  }
  const input = tf.input({ shape: [o.maxLen], dtype: 'int32', name: 'token_ids' });
  const embedded = tf.layers
    .embedding({
      inputDim: o.vocabSize,
      outputDim: o.embeddingDim,
      inputLength: o.maxLen,
      name: 'embedding',
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: layerSeed(seed, 'embedding'),
      }),
    })
    .apply(input) as tf.SymbolicTensor;
  let h = new PositionEmbedding({ seed: layerSeed(seed, 'positions'), name: 'positions' }).apply(
    embedded,
  ) as tf.SymbolicTensor;
  for (let i = 0; i < o.transformerLayers; i++) h = transformerBlock(h, input, o, seed, i, true);
  const logits = tf.layers
    .dense({
      units: o.vocabSize,
      name: 'lm_head',
      kernelInitializer: tf.initializers.glorotUniform({ seed: layerSeed(seed, 'lm_head') }),
    })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits, name: 'causal_lm' });
}

/** Next-token training pairs: row-major `[n, maxLen]` inputs and targets; target PAD (0) = no loss. */
export interface LmSequences {
  inputs: Int32Array;
  targets: Int32Array;
  n: number;
  maxLen: number;
  /** Target tokens (non-PAD): the denominator of perplexity. */
  tokens: number;
}

/**
 * One sequence per text: `[BOS, t1 .. tk]` as input, `[t1 .. tk, ...]` as
 * target, cut to `maxLen`. Empty texts are skipped (nothing to predict).
 */
export function lmSequences(texts: readonly string[], tokenizer: BpeTokenizer, maxLen: number): LmSequences {
  const rows = texts.map((t) => tokenizer.ids(t)).filter((ids) => ids.length > 0);
  const inputs = new Int32Array(rows.length * maxLen);
  const targets = new Int32Array(rows.length * maxLen);
  let tokens = 0;
  rows.forEach((ids, r) => {
    const seq = [BOS_ID, ...ids].slice(0, maxLen + 1);
    for (let j = 0; j + 1 < seq.length; j++) {
      inputs[r * maxLen + j] = seq[j];
      targets[r * maxLen + j] = seq[j + 1];
      tokens++;
    }
  });
  return { inputs, targets, n: rows.length, maxLen, tokens };
}

/**
 * Sum of next-token negative log-likelihoods (nats) over non-PAD targets and
 * their count, for logits `[b, T, V]` and int32 targets `[b, T]`. Scalars; caller disposes.
 */
export function maskedNll(logits: tf.Tensor, targets: tf.Tensor): { sum: tf.Scalar; count: tf.Scalar } {
  return tf.tidy(() => {
    const v = logits.shape[2] as number;
    const flatTargets = targets.reshape([-1]) as tf.Tensor1D;
    const mask = flatTargets.notEqual(PAD_ID).cast('float32');
    // softmaxCrossEntropy has a fused gradient (softmax - labels): far fewer cpu kernels than logSoftmax * oneHot.
    const nll = tf.losses.softmaxCrossEntropy(
      tf.oneHot(flatTargets, v),
      logits.reshape([-1, v]),
      undefined,
      0,
      tf.Reduction.NONE,
    );
    return { sum: nll.mul(mask).sum() as tf.Scalar, count: mask.sum() as tf.Scalar };
  });
}

/**
 * Perplexity baseline: an add-one-smoothed unigram model fitted on the train
 * targets, scored on the val targets. Returns the mean NLL in nats per token.
 */
export function unigramMeanNll(train: LmSequences, val: LmSequences, vocabSize: number): number {
  const counts = new Float64Array(vocabSize).fill(1);
  let total = vocabSize;
  for (const t of train.targets) {
    if (t === PAD_ID) continue;
    counts[t]++;
    total++;
  }
  let nll = 0;
  let n = 0;
  for (const t of val.targets) {
    if (t === PAD_ID) continue;
    nll -= Math.log(counts[t] / total);
    n++;
  }
  return n ? nll / n : 0;
}
