import { loadClassifier } from './classifier/classifier-trainer';
import { decodeTfidfLinear, isTfidfLinearBytes } from './sparse-linear/tfidf-linear-codec';
import { predictTfidfLinear } from './sparse-linear/tfidf-linear-model';
import type { ModelFamily } from './model-family';
import { isTransformerCheckpoint, type BaseModelRef } from './pretrained/transformer-checkpoint';
import { loadTransformerClassifier } from './pretrained/transformer-trainer';

/** What loading needs besides the bytes: a pretrained-transformer model reads its base model's files. */
export interface LoadOptions {
  readBaseFiles?: (ref: BaseModelRef) => Promise<Record<string, Uint8Array>>;
}

/** A saved model of any family, loaded for inference. */
export interface TrainedModel {
  readonly family: ModelFamily;
  readonly labels: string[];
  /** Class probabilities, one row per text, columns in `labels` order. */
  predict(texts: string[]): Promise<number[][]>;
  close(): void;
}

/**
 * Loads a trial's model artifact, whichever family wrote it: a tfidf-linear
 * model is recognised by its format header, anything else is read as a
 * text-classifier checkpoint (which checks its own header and version). A
 * pretrained-transformer checkpoint holds only trained tensors: `readBaseFiles`
 * supplies its base model (by the file hashes it records).
 * Evaluation, the registry and `cli predict` all load through here.
 */
export async function loadTrainedModel(bytes: Uint8Array, options: LoadOptions = {}): Promise<TrainedModel> {
  if (isTransformerCheckpoint(bytes)) {
    if (!options.readBaseFiles)
      throw new Error('loading a pretrained-transformer model needs its base model: pass options.readBaseFiles');
    const m = await loadTransformerClassifier(bytes, options.readBaseFiles);
    return { family: 'pretrained-transformer', labels: m.labels, predict: m.predict, close: m.close };
  }
  if (isTfidfLinearBytes(bytes)) {
    const model = decodeTfidfLinear(bytes);
    return {
      family: 'tfidf-linear',
      labels: [...model.labels],
      predict: async (texts) => predictTfidfLinear(model, texts),
      close: () => {},
    };
  }
  const classifier = await loadClassifier(bytes);
  return { family: 'text-classifier', ...classifier, labels: classifier.labels };
}
