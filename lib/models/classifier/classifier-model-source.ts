import type * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../core/errors';
import { decodeClassifierCheckpoint, restoreWeights } from './classifier-checkpoint';
import { classifierInitBase } from './classifier-init-from';
import type { ClassifierTrainerInput } from './classifier-trainer-input';
import { initClassifierFromLm, lmBase, tokenizerFromJSON, type TextTokenizer } from './classifier-from-lm';
import { embeddingFromVectors, type PretrainedVectors } from '../tokenizers/pretrained-vectors';
import { TextClassifierOptionsSchema, type TextClassifierOptions } from './text-classifier';
import { WordTokenizer } from '../tokenizers/word-tokenizer';

/**
 * Where a classifier's topology, tokenizer and first weights come from, in
 * order of precedence: a checkpoint of this run to resume (`from`), an earlier
 * classifier to continue (`input.initFrom`), a causal LM (`input.initFromLm`),
 * or a fresh start (word tokenizer fitted on the train texts, optionally
 * pretrained word vectors in the embedding).
 */
export interface ClassifierModelSource {
  /** The decoded checkpoint when resuming, else null. */
  restored: ReturnType<typeof decodeClassifierCheckpoint> | null;
  options: TextClassifierOptions;
  tokenizer: TextTokenizer;
  /** Seed of the model's initial weights: the checkpoint's when resuming, else the input's. */
  seed: number;
  /** Writes the source's weights into a model freshly built from `options` (nothing for a plain fresh start). */
  initWeights(model: tf.LayersModel): void;
}

/** Copies pretrained vectors into the embedding of a freshly built model. */
function initEmbedding(model: tf.LayersModel, tokenizer: TextTokenizer, pretrained: PretrainedVectors): void {
  const layer = model.getLayer('embedding');
  const [current] = layer.getWeights() as tf.Tensor2D[];
  const { matrix } = embeddingFromVectors(pretrained, tokenizer.words, current);
  layer.setWeights([matrix]);
  matrix.dispose();
}

/**
 * Resolves the model source of a trainer's setup. When resuming, the
 * checkpoint fixes tokenizer, labels and topology (input embeddingDim,
 * dropout and encoder are ignored). Throws ConfigError when the checkpoint's
 * labels differ from `input.labels` or initFromLm meets pretrained vectors,
 * and whatever decoding the checkpoints or fitting the tokenizer throws.
 */
export function resolveClassifierSource(input: ClassifierTrainerInput, from?: Uint8Array): ClassifierModelSource {
  const { labels, hyper } = input;
  const restored = from ? decodeClassifierCheckpoint(from) : null;
  if (restored && restored.header.labels.join('\u0000') !== labels.join('\u0000')) {
    throw new ConfigError(
      `checkpoint labels [${restored.header.labels.join(', ')}] differ from input labels [${labels.join(', ')}]`,
    );
  }
  const base = !restored && input.initFromLm ? lmBase(input.initFromLm, input.maxLen) : null;
  if (base && input.pretrained)
    throw new ConfigError(
      'initFromLm and pretrained word vectors exclude each other: the LM fixes the tokenizer (BPE)',
    );
  const fresh = TextClassifierOptionsSchema.parse({
    ...input.model,
    encoder: hyper.encoder,
    embeddingDim: hyper.embeddingDim,
    dropout: hyper.dropout,
    maxLen: input.maxLen,
    vocabSize: base?.vocabSize ?? input.vocabSize,
  });
  const init = !restored && input.initFrom ? classifierInitBase(input.initFrom, labels, fresh) : null;
  const options = restored ? TextClassifierOptionsSchema.parse(restored.header.model) : (init?.options ?? fresh);
  const tokenizer: TextTokenizer = restored
    ? tokenizerFromJSON(restored.header.tokenizer)
    : (init?.tokenizer ??
      base?.tokenizer ??
      WordTokenizer.fit(
        input.train.map((e) => e.text),
        { vocabSize: options.vocabSize, maxLen: options.maxLen },
      ));
  const initWeights = (model: tf.LayersModel): void => {
    if (restored) {
      restoreWeights(model, restored.state.weights);
    } else if (init) {
      restoreWeights(model, init.weights);
    } else if (base) {
      initClassifierFromLm(model, base.bytes);
    } else if (input.pretrained) {
      initEmbedding(model, tokenizer, input.pretrained);
    }
  };
  return { restored, options, tokenizer, seed: restored?.header.seed ?? input.seed, initWeights };
}
