import { z } from 'zod';

/**
 * What a search space may vary of the `pretrained-transformer` family
 * (fine-tuning a Hugging Face BERT-architecture checkpoint, `model.baseModel`):
 * - `mode`: `frozen` (the encoder is fixed: its pooled features are computed once per attempt and a
 *   linear head trains on them), `top-k` (the top `topLayers` encoder layers and the head train),
 *   `full` (every weight trains);
 * - encoder and head learning rates (AdamW), warm-up then linear decay over all planned steps,
 *   weight decay on matrices, batch size, and pooling (`model`: the base model's own, from its
 *   sentence-transformers config; or `mean` / `cls`).
 * Defaults are Hugging Face's usual fine-tuning settings (lr 5e-5, warm-up 10%, weight decay 0.01,
 * batch 16), with a higher head rate (1e-3) since the head starts from scratch.
 */
export const TransformerHyperparamsSchema = z.strictObject({
  mode: z.enum(['frozen', 'top-k', 'full']).default('frozen'),
  /** `top-k`: how many of the top encoder layers train. */
  topLayers: z.number().int().min(1, 'topLayers must be at least 1').max(48).default(2),
  learningRate: z.number().positive('learningRate must be > 0').max(1).default(5e-5),
  headLearningRate: z.number().positive('headLearningRate must be > 0').max(10).default(1e-3),
  batchSize: z.number().int().min(1).max(1024).default(16),
  warmupFraction: z.number().min(0).max(0.5, 'warmupFraction must be <= 0.5').default(0.1),
  weightDecay: z.number().min(0).max(1).default(0.01),
  pooling: z.enum(['model', 'mean', 'cls']).default('model'),
});
export type TransformerHyperparams = z.infer<typeof TransformerHyperparamsSchema>;

/** Learning-rate factor at optimizer step `step` (0-based) of `total`: linear warm-up, then linear decay to 0. */
export function warmupLinearFactor(step: number, total: number, warmupFraction: number): number {
  const warm = Math.floor(total * warmupFraction);
  if (step < warm) return (step + 1) / warm;
  return Math.max(0, (total - step) / Math.max(1, total - warm));
}
