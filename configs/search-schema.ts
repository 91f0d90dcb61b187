import { z } from 'zod';
import {
  ConstraintSchema,
  SearchSpaceSchema,
  SubSearchSpaceSchema,
  checkConstraints,
} from '../lib/search/space/search-space-schema';
import { MODEL_FAMILIES } from '../lib/models/model-family';
import { ModelFamilySchema } from './model-family-schema';
import { checkWarmStartParams, SamplerSchema, WarmStartSchema } from '../lib/search/samplers/sampler-options';
import { PrunerSchema } from '../lib/search/pruners/pruner-options';

/**
 * The `search` section: space, sampler, pruner and budgets of a sweep. The sampler and pruner
 * sections are the search layer's own schemas (each kind has its own options, discriminated by `kind`).
 */
export {
  SamplerSchema,
  WarmStartSchema,
  type SamplerConfig,
  type WarmStartConfig,
} from '../lib/search/samplers/sampler-options';
export { PrunerSchema, type PrunerConfig } from '../lib/search/pruners/pruner-options';

export const BudgetSchema = z
  .strictObject({
    /** Stop launching trials after this many seconds of sweep time (what happens to started ones: `onDeadline`). */
    maxWallSeconds: z.number().int().positive().optional(),
    /**
     * At the `maxWallSeconds` deadline: `finish` (the default) lets trials already started, scheduled or running,
     * run to their end; `cancel` cancels them (a running one stops at its next batch boundary, saving a checkpoint)
     * and records them as `cancelled`, and the run goes on to evaluation with the trials that completed.
     */
    onDeadline: z.enum(['finish', 'cancel']).optional(),
    /** Stop once a completed trial reaches this objective value. */
    targetValue: z.number().optional(),
    /** Stop launching trials once this many have failed (bad search space or broken data). */
    maxFailedTrials: z.number().int().min(1).optional(),
  })
  .refine((b) => b.onDeadline !== 'cancel' || b.maxWallSeconds !== undefined, {
    path: ['onDeadline'],
    message: 'onDeadline "cancel" needs a deadline: set search.budget.maxWallSeconds',
  });

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

/** `search.families`: each family's own sub-space, keyed by family (a cross-family sweep). */
export const FamilySpacesSchema = z
  .partialRecord(ModelFamilySchema, SubSearchSpaceSchema)
  .refine((f) => Object.keys(f).length > 0, {
    message: `search.families is empty: list each family to search with its sub-space (families: ${MODEL_FAMILIES.join(', ')})`,
  });

export const SearchSchema = z
  .strictObject({
    /**
     * The parameters one family searches (model.family, or text-classifier). Absent: with
     * `families`, those sub-spaces; without either, the default cross-family search
     * (configs/family-spaces.ts).
     */
    space: SearchSpaceSchema.optional(),
    /** Several families in one sweep, each with its own sub-space (`{}`: nothing of it searched). */
    families: FamilySpacesSchema.optional(),
    sampler: SamplerSchema.default({ kind: 'random' }),
    pruner: PrunerSchema.default({ kind: 'none' }),
    maxTrials: z.number().int().min(1, 'maxTrials must be at least 1').max(100_000),
    parallelism: z.number().int().min(1, 'parallelism must be at least 1').max(256),
    epochs: z.number().int().min(1).max(1000).default(5),
    /** Validation metric the sweep maximises. */
    objective: z.enum(['val_accuracy', 'val_macro_f1']).default('val_macro_f1'),
    budget: BudgetSchema.default({}),
    /**
     * The sweep's first trials, in order (Optuna's enqueue_trial), before the sampler's own: points of
     * the searched space (a cross-family one names `family` and `<family>.<name>`). Default: none, except
     * the default search (no space given), which starts with known-good tfidf-linear points.
     */
    enqueue: z
      .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])))
      .max(1000)
      .optional(),
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
  .superRefine((search, ctx) => {
    if (search.space && search.families)
      ctx.addIssue({
        code: 'custom',
        path: ['space'],
        message:
          "search.space and search.families exclude each other: with several families, put each family's parameters under search.families.<family>",
      });
  })
  // With `families` (or neither), the space depends on model.family: the experiment schema checks these against it.
  .superRefine((search, ctx) => search.space && checkWarmStartParams({ ...search, space: search.space }, ctx))
  .superRefine((search, ctx) => search.space && checkConstraints(search.space, search.constraints ?? [], ctx))
  .superRefine((search, ctx) => {
    if (search.crossValidation && search.pruner.kind !== 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['pruner'],
        message:
          'pruning is not supported with crossValidation (fold trainings run whole); set pruner.kind to "none" or drop crossValidation',
      });
    }
  });
