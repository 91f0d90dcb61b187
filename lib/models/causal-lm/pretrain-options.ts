import { z } from 'zod';
import { ConfigError } from '../../core/errors';
import { CausalLmOptionsSchema } from './causal-lm-options';

/**
 * `model.pretrain`: domain adaptation before task fine-tuning. The pipeline
 * trains a causal LM (causal-lm.ts) on unlabeled text, then every trial
 * starts its classifier from that LM (lm-transfer.ts: BPE tokenizer,
 * embedding, and the transformer blocks when the sizes match). zod only, so
 * the config composes it inside the workflow sandbox.
 *
 * Defaults are small: the LM trains on the pure-JS cpu backend at roughly
 * one 32 x 24 batch per second, so 2,000 texts are ~1 minute per epoch.
 */
export const PRETRAIN_TRAIN_TEXTS = 'train-texts';

const CORPUS_ERROR =
  'model.pretrain.corpus must be "train-texts" or an s3://bucket/key URI of a text file (one document per line)';

export const PretrainOptionsSchema = z.strictObject({
  /** LM epochs over the corpus (each checkpointed; a retried attempt resumes). */
  epochs: z.number().int().min(1, 'model.pretrain.epochs must be >= 1').max(100),
  /** At most this many corpus texts (a seeded sample when there are more); 10% of them (at most 200) are held out for perplexity. */
  maxTexts: z
    .number()
    .int()
    .min(20, 'model.pretrain.maxTexts must be >= 20 (10% are held out for perplexity)')
    .max(200_000)
    .default(2000),
  /**
   * "train-texts": the texts of the curated train split, labels ignored (the default);
   * or an s3:// URI of a UTF-8 text file with one document per line.
   */
  corpus: z
    .union([z.literal(PRETRAIN_TRAIN_TEXTS), z.string().regex(/^s3:\/\/[^/]+\/.+/, CORPUS_ERROR)], {
      error: CORPUS_ERROR,
    })
    .default(PRETRAIN_TRAIN_TEXTS),
  learningRate: z.number().positive().max(1).default(0.01),
  batchSize: z.number().int().min(1).max(1024).default(32),
  /** LM sizes; `embeddingDim` must equal every trial's embeddingDim (the embedding is copied). */
  lm: z.strictObject(CausalLmOptionsSchema.shape).partial().optional(),
});
export type PretrainOptions = z.infer<typeof PretrainOptionsSchema>;

/** The LM sizes a pretrain config trains (defaults filled in). */
export function pretrainLmOptions(options: PretrainOptions) {
  return CausalLmOptionsSchema.parse(options.lm ?? {});
}

/** The part of a search-space parameter this check reads (lib/search/space/search-space-schema.ts). */
type SpaceParam = { type: string; choices?: readonly unknown[]; low?: number; high?: number };

/**
 * Every trial copies the LM's embedding, so every trial's embeddingDim must be
 * the LM's. Checks the search space (or the hyperparameter default,
 * `defaultEmbeddingDim`, when the space does not vary it) before any LM is
 * trained. Throws ConfigError naming both fields and the fix.
 */
export function checkPretrainEmbeddingDim(
  options: PretrainOptions,
  space: Record<string, SpaceParam>,
  defaultEmbeddingDim: number,
): void {
  const lmDim = pretrainLmOptions(options).embeddingDim;
  const spec = space.embeddingDim;
  const dims = !spec
    ? [defaultEmbeddingDim]
    : spec.type === 'categorical'
      ? (spec.choices ?? [])
      : [spec.low, spec.high];
  const bad = dims.filter((d) => d !== lmDim);
  if (bad.length > 0) {
    throw new ConfigError(
      `model.pretrain.lm.embeddingDim is ${lmDim} but trials may use embeddingDim ${bad.join(', ')} (search.space.embeddingDim${spec ? '' : ' default'}); ` +
        `a classifier copies the LM's embedding, so set search.space.embeddingDim to { type: categorical, choices: [${lmDim}] } or model.pretrain.lm.embeddingDim to the trials' value`,
      { field: 'model.pretrain.lm.embeddingDim', lmEmbeddingDim: lmDim, trialEmbeddingDims: dims },
    );
  }
}
