/**
 * The model families a run can train (`model.family`), in the order the
 * default search lists them. Plain data, so workflows can import it.
 * - `text-classifier`: the from-scratch neural encoders (average, cnn, bigru, transformer) on tfjs;
 * - `tfidf-linear`: TF-IDF n-grams + a linear classifier (lib/models/sparse-linear), CPU only;
 * - `pretrained-transformer`: a Hugging Face BERT-architecture checkpoint (`model.baseModel`)
 *   fine-tuned frozen, top-k or full (lib/models/pretrained).
 */
export const MODEL_FAMILIES = ['tfidf-linear', 'text-classifier', 'pretrained-transformer'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

/** The family of a trial input that names none (inputs written before families existed). */
export const DEFAULT_MODEL_FAMILY: ModelFamily = 'text-classifier';

/** True for a name of {@link MODEL_FAMILIES}. */
export function isModelFamily(name: unknown): name is ModelFamily {
  return (MODEL_FAMILIES as readonly unknown[]).includes(name);
}
