import { z } from 'zod';
import { isActive } from '../lib/search/space/conditions';
import { ConstraintSchema, SearchSpaceSchema, checkConstraints, type SearchSpace } from '../lib/search/space/search-space-schema';

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
    z.strictObject({
      kind: z.literal('gp'),
      /** Completed trials (Halton points) before the Gaussian process is used. */
      nStartupTrials: z.number().int().min(1).max(10_000).default(10),
      /** Quasi-random candidates per suggestion for the acquisition's global phase. */
      nCandidates: z.number().int().min(16).max(100_000).default(512),
      /** Pending points in a batch: constant liar at the worst or mean value, or kriging believer. */
      liar: z.enum(['worst', 'mean', 'believer']).default('worst'),
      /** Compress a heavy bad tail of the objective (diverged runs) before standardising. */
      outputWarping: z.boolean().default(true),
      /**
       * Most completed trials the GP is fitted on (cost is cubic): the best half plus the most recent.
       * Same default as the sampler's DEFAULT_MAX_MODEL_TRIALS (a test checks), not imported from it so
       * the workflow bundle does not carry the GP code; ~1 s per suggestion at 250 (bench/gp-suggest-cost.ts).
       */
      maxModelTrials: z.number().int().min(2).max(2000).default(250),
    }),
  ],
  { error: 'search.sampler.kind must be one of "random", "grid", "halton", "tpe", "gp"' },
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

/**
 * Warm start: completed trials of earlier sweeps (or hand-picked configs) that
 * samplers see as history before the first trial, with their provenance.
 * `value` is on this sweep's objective scale (higher is better). Params are
 * checked against `search.space` when the whole `search` section is validated.
 */
export const WarmStartSchema = z.strictObject({
  /** Where the trials come from (an earlier sweep id, a manifest URI, a note); recorded with the sweep. */
  source: z.string().min(1, 'warmStart.source must say where the trials come from (e.g. an earlier sweep id)'),
  trials: z
    .array(z.strictObject({ params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), value: z.number() }))
    .min(1, 'warmStart.trials must list at least one {params, value}')
    .max(10_000),
});
export type WarmStartConfig = z.infer<typeof WarmStartSchema>;

/** Adds one issue per warm-start param that does not fit the space (missing, unknown, out of bounds, not a choice); inactive conditional params may be omitted. */
function checkWarmStartParams(search: { space: SearchSpace; warmStart?: WarmStartConfig }, ctx: z.RefinementCtx): void {
  search.warmStart?.trials.forEach((trial, i) => {
    const at = (name: string) => ['warmStart', 'trials', i, 'params', name];
    for (const [name, spec] of Object.entries(search.space)) {
      if (!isActive(search.space, name, trial.params)) continue;
      const v = trial.params[name];
      const ok = spec.type === 'categorical' ? spec.choices.includes(v) : typeof v === 'number' && v >= spec.low && v <= spec.high && (spec.type !== 'int' || Number.isInteger(v));
      if (!ok) ctx.addIssue({ code: 'custom', path: at(name), message: `warm-start trial ${i}: ${name}=${JSON.stringify(v)} does not fit search.space.${name}; fix the value or drop the trial` });
    }
    for (const name of Object.keys(trial.params)) {
      if (!(name in search.space)) ctx.addIssue({ code: 'custom', path: at(name), message: `warm-start trial ${i}: "${name}" is not a parameter of search.space; remove it` });
    }
  });
}

/**
 * k-fold cross-validation as the sweep's objective (for small datasets): each
 * trial trains one model per fold of train+val and scores their mean; the
 * pipeline then retrains the best configs on the standard split for the
 * ensemble and the test evaluation. The test split is never in a fold.
 */
export const CrossValidationSchema = z.strictObject({
  folds: z.number().int().min(2, 'crossValidation.folds must be at least 2').max(20),
  /** Keep rows with the same `group` in one fold. */
  groupBy: z.literal('group').optional(),
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
  /** Earlier trials the sampler starts from (see WarmStartSchema). */
  warmStart: WarmStartSchema.optional(),
  crossValidation: CrossValidationSchema.optional(),
  /**
   * Constraints between numeric params (`{param, op, other}` or `{param, op, value}`),
   * e.g. `{ param: warmupFraction, op: '<=', value: 0.2 }`: samplers never suggest a
   * violating config (rejection sampling; an (almost) infeasible space is a ConfigError).
   */
  constraints: z.array(ConstraintSchema).max(100).optional(),
})
  .superRefine(checkWarmStartParams)
  .superRefine((search, ctx) => checkConstraints(search.space, search.constraints ?? [], ctx))
  .superRefine((search, ctx) => {
    if (search.crossValidation && search.pruner.kind !== 'none') {
      ctx.addIssue({ code: 'custom', path: ['pruner'], message: 'pruning is not supported with crossValidation (fold trainings run whole); set pruner.kind to "none" or drop crossValidation' });
    }
  });
