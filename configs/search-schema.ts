import { z } from 'zod';
import { SearchSpaceSchema } from './search-space-schema';

/**
 * The `search` section: space, sampler, pruner and budgets of a sweep.
 * Each sampler and pruner kind has its own options object, discriminated by `kind`.
 */
export const SamplerSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('random') }),
    z.strictObject({
      kind: z.literal('grid'),
      /** Points per continuous parameter (ints, steps and categoricals use all their values). */
      gridPoints: z.number().int().min(2).max(1000).default(5),
    }),
    z.strictObject({ kind: z.literal('halton'), scramble: z.boolean().default(true) }),
    z.strictObject({
      kind: z.literal('tpe'),
      nStartupTrials: z.number().int().min(1).max(10_000).default(10),
      nEiCandidates: z.number().int().min(1).max(10_000).default(24),
      multivariate: z.boolean().default(false),
      /** Treat running trials as the worst value seen, so parallel trials spread out. */
      constantLiar: z.boolean().default(true),
    }),
  ],
  { error: 'search.sampler.kind must be one of "random", "grid", "halton", "tpe"' },
);
export type SamplerConfig = z.infer<typeof SamplerSchema>;

export const PrunerSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('none') }),
    z.strictObject({
      kind: z.literal('median'),
      /** Completed trials needed before anything is pruned. */
      nStartupTrials: z.number().int().min(0).default(5),
      /** Epochs every trial runs before it can be pruned. */
      nWarmupSteps: z.number().int().min(0).default(1),
    }),
    z.strictObject({
      kind: z.literal('asha'),
      minResource: z.number().int().min(1).default(1),
      reductionFactor: z.number().int().min(2).default(3),
    }),
  ],
  { error: 'search.pruner.kind must be one of "none", "median", "asha"' },
);
export type PrunerConfig = z.infer<typeof PrunerSchema>;

export const BudgetSchema = z.strictObject({
  /** Stop launching trials after this many seconds of sweep time (running trials finish). */
  maxWallSeconds: z.number().int().positive().optional(),
  /** Stop once a completed trial reaches this objective value. */
  targetValue: z.number().optional(),
  /** Stop launching trials once this many have failed (bad search space or broken data). */
  maxFailedTrials: z.number().int().min(1).optional(),
});

export const SearchSchema = z.strictObject({
  space: SearchSpaceSchema,
  sampler: SamplerSchema.default({ kind: 'random' }),
  pruner: PrunerSchema.default({ kind: 'none' }),
  maxTrials: z.number().int().min(1, 'maxTrials must be at least 1').max(100_000),
  parallelism: z.number().int().min(1, 'parallelism must be at least 1').max(256),
  epochs: z.number().int().min(1).max(1000).default(5),
  /** Validation metric the sweep maximises. */
  objective: z.enum(['val_accuracy', 'val_macro_f1']).default('val_macro_f1'),
  budget: BudgetSchema.default({}),
});
