import { z } from 'zod';

/**
 * Search-space DSL: each hyperparameter is a float, int or categorical.
 * `log: true` samples uniformly in log space (needs low > 0); `step` puts
 * numeric values on a grid low, low+step, ...
 */
const numericBase = {
  low: z.number({ error: 'low must be a number' }),
  high: z.number({ error: 'high must be a number' }),
  log: z.boolean().default(false),
  step: z.number().positive('step must be > 0').optional(),
};

function checkRange(p: { low: number; high: number; log: boolean }, ctx: z.RefinementCtx): void {
  if (!(p.low < p.high)) {
    ctx.addIssue({ code: 'custom', path: ['high'], message: `high (${p.high}) must be greater than low (${p.low}); swap them or widen the range` });
  }
  if (p.log && p.low <= 0) {
    ctx.addIssue({ code: 'custom', path: ['low'], message: `log scale needs low > 0 (got ${p.low}); use a positive lower bound or set log: false` });
  }
}

export const FloatParamSchema = z.strictObject({ type: z.literal('float'), ...numericBase }).superRefine(checkRange);
export const IntParamSchema = z
  .strictObject({ type: z.literal('int'), ...numericBase, low: z.number().int('low must be an integer'), high: z.number().int('high must be an integer') })
  .superRefine(checkRange);
export const CategoricalParamSchema = z.strictObject({
  type: z.literal('categorical'),
  choices: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1, 'choices must list at least one value'),
});

export const ParamSpecSchema = z.discriminatedUnion('type', [FloatParamSchema, IntParamSchema, CategoricalParamSchema], {
  error: 'each parameter needs type "float", "int" or "categorical"',
});
export type ParamSpec = z.infer<typeof ParamSpecSchema>;

export const SearchSpaceSchema = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'parameter names are identifiers (letters, digits, _)'), ParamSpecSchema)
  .refine((space) => Object.keys(space).length > 0, 'the search space is empty: declare at least one parameter');
export type SearchSpace = z.infer<typeof SearchSpaceSchema>;

/** One concrete point of a search space. JSON-serialisable. */
export type Params = Record<string, number | string | boolean>;
