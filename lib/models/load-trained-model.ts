import { loadClassifier } from './classifier/classifier-trainer';
import { decodeTfidfLinear, isTfidfLinearBytes } from './sparse-linear/tfidf-linear-codec';
import { predictTfidfLinear } from './sparse-linear/tfidf-linear-model';
import type { ModelFamily } from './model-family';

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
 * text-classifier checkpoint (which checks its own header and version).
 * Evaluation, the registry and `cli predict` all load through here.
 */
export async function loadTrainedModel(bytes: Uint8Array): Promise<TrainedModel> {
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
