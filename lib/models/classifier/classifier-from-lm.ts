import type * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../core/errors';
import { BpeTokenizer, type BpeTokenizerJson } from '../tokenizers/bpe-tokenizer';
import { loadCausalLm } from '../causal-lm/causal-lm-trainer';
import { WordTokenizer, type WordTokenizerJson } from '../tokenizers/word-tokenizer';

/**
 * Pretrain-then-fine-tune: a text classifier starts from a causal LM trained
 * on unlabeled domain text (ULMFiT-style domain adaptation). The classifier
 * must then use the LM's tokenizer and vocabulary (recorded in the LM
 * checkpoint), since embedding rows are token ids.
 */

/** A tokenizer the classifier can use: word-level or the LM's BPE. */
export type TextTokenizer = WordTokenizer | BpeTokenizer;

/** Restores either tokenizer from its JSON (BPE JSON carries `kind: 'bpe'`). */
export function tokenizerFromJSON(json: WordTokenizerJson | BpeTokenizerJson): TextTokenizer {
  return 'kind' in json && json.kind === 'bpe'
    ? BpeTokenizer.fromJSON(json)
    : WordTokenizer.fromJSON(json as WordTokenizerJson);
}

/** What a classifier needs from an LM checkpoint before building its model. */
export interface LmBase {
  tokenizer: BpeTokenizer;
  vocabSize: number;
  embeddingDim: number;
  bytes: Uint8Array;
}

/** Reads the tokenizer and sizes of an LM checkpoint, re-cut to the classifier's `maxLen`. */
export function lmBase(bytes: Uint8Array, maxLen: number): LmBase {
  const { header, model, tokenizer } = loadCausalLm(bytes);
  model.dispose();
  return {
    tokenizer: BpeTokenizer.fromJSON(tokenizer.toJSON(), maxLen),
    vocabSize: header.model.vocabSize,
    embeddingDim: header.model.embeddingDim,
    bytes,
  };
}

/**
 * Copies the LM's weights into `classifier` layer by layer, by name, where
 * every weight shape matches: the embedding always (ConfigError if its width
 * differs: set embeddingDim to the LM's), transformer blocks `block<i>_*` when
 * the classifier's encoder is 'transformer' with the LM's sizes, and learned
 * positions (the first rows when the classifier's maxLen is shorter).
 * Returns the names of the initialised layers.
 */
export function initClassifierFromLm(classifier: tf.LayersModel, lmBytes: Uint8Array): string[] {
  const { model: lm } = loadCausalLm(lmBytes);
  try {
    const lmLayers = new Map(lm.layers.map((l) => [l.name, l]));
    const done: string[] = [];
    for (const layer of classifier.layers) {
      const source = lmLayers.get(layer.name);
      if (!source || layer.weights.length === 0 || source.weights.length !== layer.weights.length) continue;
      const from = source.getWeights();
      const to = layer.getWeights();
      if (layer.name === 'positions' && from[0].shape[1] === to[0].shape[1] && from[0].shape[0] >= to[0].shape[0]) {
        const rows = from[0].slice([0, 0], to[0].shape as [number, number]);
        layer.setWeights([rows]);
        rows.dispose();
        done.push(layer.name);
        continue;
      }
      const same = from.every((w, i) => w.shape.join(',') === to[i].shape.join(','));
      if (!same && layer.name === 'embedding') {
        throw new ConfigError(
          `the LM's embedding is [${from[0].shape}], the classifier's [${to[0].shape}]; set embeddingDim to the LM's ${from[0].shape[1]}`,
        );
      }
      if (same) {
        layer.setWeights(from);
        done.push(layer.name);
      }
    }
    return done;
  } finally {
    lm.dispose();
  }
}
