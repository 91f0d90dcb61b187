import { z } from 'zod';

/**
 * Hyperparameters the text-classifier trainer understands, with the defaults
 * used when the search space does not vary them. A search-space parameter
 * with another name is a config error (it would silently do nothing).
 */
export const ClassifierHyperparamsSchema = z.strictObject({
  learningRate: z.number().positive('learningRate must be > 0').max(10).default(0.01),
  batchSize: z.number().int().min(1).max(4096).default(32),
  embeddingDim: z.number().int().min(2).max(1024).default(32),
  dropout: z.number().min(0).lt(1, 'dropout must be < 1').default(0.2),
});
export type ClassifierHyperparams = z.infer<typeof ClassifierHyperparamsSchema>;

/** Names a search space may use for the text-classifier family. */
export const CLASSIFIER_HYPERPARAM_NAMES = Object.keys(ClassifierHyperparamsSchema.shape) as (keyof ClassifierHyperparams)[];
