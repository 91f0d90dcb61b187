import { z } from 'zod';

/**
 * Sizes of the causal-LM family (causal-lm.ts). zod only (no tfjs), so the
 * experiment config (`model.pretrain.lm`) can compose it inside the workflow
 * sandbox. Defaults are small on purpose: the LM trains on the pure-JS cpu
 * backend at roughly one 32 x 24 batch per second.
 */
export const CausalLmOptionsSchema = z.object({
  /** Compact vocabulary size including PAD, OOV and BOS. */
  vocabSize: z.number().int().min(4).max(100_000).default(2000),
  /** Context length in tokens (BOS included). */
  maxLen: z.number().int().min(2).max(1024).default(32),
  embeddingDim: z.number().int().min(2).max(1024).default(32),
  transformerLayers: z.number().int().min(1).max(4).default(1),
  transformerHeads: z.number().int().min(1).max(16).default(2),
  transformerFfDim: z.number().int().min(1).max(4096).default(64),
});
export type CausalLmOptions = z.infer<typeof CausalLmOptionsSchema>;
