import { z } from 'zod';
import { EncoderSizesSchema } from '../layers/encoder-schema';
import { PretrainOptionsSchema } from '../causal-lm/pretrain-options';

/**
 * Model options of the text-classifier family that are fixed per experiment
 * (not searched): encoder sizes, freezing, pretrained word vectors and class
 * weighting. zod only (no tfjs), because the experiment config composes it
 * and configs are also validated inside the workflow sandbox.
 *
 * Every field is optional; absent fields keep the trainer's defaults, so
 * configs written before these options existed train exactly as before.
 */
export const ClassWeightsModeSchema = z.enum(['none', 'balanced', 'from-curation'], {
  error: 'model.classWeights must be "none", "balanced" or "from-curation"',
});
export type ClassWeightsMode = z.infer<typeof ClassWeightsModeSchema>;

export const ClassifierModelOptionsSchema = z.strictObject({
  /** Encoder sizes (cnnFilters, gruUnits, transformerHeads, ...); the `encoder` hyperparameter picks the encoder. */
  encoderOptions: z.strictObject(EncoderSizesSchema.shape).partial().optional(),
  /** Layer-name patterns (`*` wildcard) to freeze, e.g. ["embedding"] or ["embedding", "block*"]. */
  freeze: z.array(z.string().min(1, 'a freeze pattern must not be empty')).max(64).optional(),
  /** Gradual unfreezing: thaw one frozen layer group every this many epochs, output side first (0 = never). */
  unfreezeEvery: z.number().int().min(0).max(1000).optional(),
  /**
   * s3:// URI of a word-vector artifact made by `scripts/trim-glove.ts --upload`;
   * initialises the embedding (embeddingDim must equal the vectors' width).
   */
  pretrainedVectors: z
    .string()
    .regex(/^s3:\/\/[^/]+\/.+/, 'pretrainedVectors must be an s3://bucket/key URI (see scripts/trim-glove.ts --upload)')
    .optional(),
  /**
   * Loss weighting by class; overrides the `classWeights` hyperparameter.
   * 'from-curation' uses the weights curation computed (needs curation.balance.method "class-weights").
   */
  classWeights: ClassWeightsModeSchema.optional(),
  /**
   * s3:// URI of a text-classifier checkpoint (a trial's model artifact, or a
   * registered model's member) to continue fine-tuning from: its weights,
   * tokenizer and topology, with a fresh optimizer. Labels, maxLen, vocabSize
   * and the encoder/embeddingDim hyperparameters must match it.
   */
  initFrom: z
    .string()
    .regex(
      /^s3:\/\/[^/]+\/.+/,
      'model.initFrom must be an s3://bucket/key URI of a text-classifier checkpoint (a model artifact)',
    )
    .optional(),
  /** Train a causal LM on unlabeled text first; every trial then starts from it (pretrain-options.ts). */
  pretrain: PretrainOptionsSchema.optional(),
});
export type ClassifierModelOptions = z.infer<typeof ClassifierModelOptionsSchema>;
