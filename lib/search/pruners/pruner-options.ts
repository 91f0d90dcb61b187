import { z } from 'zod';

/** Options of every pruner kind, discriminated by `kind`: the config's `search.pruner`. */
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
