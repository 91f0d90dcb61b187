import { z } from 'zod';
import { LrScheduleSchema } from '../training/lr-schedule';
import { EncoderSchema } from '../layers/encoder-schema';

/**
 * Hyperparameters the text-classifier trainer understands, with the defaults
 * used when the search space does not vary them. A search-space parameter
 * with another name is a config error (it would silently do nothing). The
 * defaults reproduce the original trainer: average encoder, constant learning
 * rate, no weight decay, no early stopping, unweighted loss. To pin one value
 * for every trial, declare it as a one-choice categorical.
 */
export const ClassifierHyperparamsSchema = z.strictObject({
  learningRate: z.number().positive('learningRate must be > 0').max(10).default(0.01),
  batchSize: z.number().int().min(1).max(4096).default(32),
  embeddingDim: z.number().int().min(2).max(1024).default(32),
  dropout: z.number().min(0).lt(1, 'dropout must be < 1').default(0.2),
  /** Encoder between embedding and classifier head. */
  encoder: EncoderSchema.default('average'),
  /** Per-step learning-rate decay after warm-up, over all planned epochs. */
  lrSchedule: LrScheduleSchema.default('constant'),
  /** Fraction of all steps used for linear warm-up. */
  warmupFraction: z.number().min(0).max(0.5, 'warmupFraction must be <= 0.5').default(0),
  /** Decoupled (AdamW) weight decay on kernels and embeddings. */
  weightDecay: z.number().min(0).max(1, 'weightDecay must be <= 1').default(0),
  /** Epochs without a better validation objective before stopping; 0 never stops early. */
  patience: z.number().int().min(0).max(1000).default(0),
  /** 'balanced' weights the loss by inverse class frequency in the training split. */
  classWeights: z.enum(['none', 'balanced']).default('none'),
});
export type ClassifierHyperparams = z.infer<typeof ClassifierHyperparamsSchema>;

/** Names a search space may use for the text-classifier family. */
export const CLASSIFIER_HYPERPARAM_NAMES = Object.keys(
  ClassifierHyperparamsSchema.shape,
) as (keyof ClassifierHyperparams)[];
