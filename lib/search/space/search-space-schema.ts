import { z } from 'zod';

/**
 * Search-space DSL: each hyperparameter is a float, int or categorical.
 * `log: true` samples uniformly in log space (needs low > 0); `step` puts
 * numeric values on a grid low, low+step, ...
 *
 * `condition` makes a parameter conditional: it is active only while its
 * parent (a categorical of the same space) has one of `values`, and the parent
 * is itself active. Inactive parameters are omitted from suggestions, so the
 * trainer falls back to its default for them.
 */
const ConditionSchema = z.strictObject({
  /** Name of a categorical parameter of the same space. */
  parent: z.string().min(1, 'condition.parent must name a categorical parameter'),
  /** Parent values for which this parameter is active. */
  values: z
    .array(z.union([z.string(), z.number(), z.boolean()]))
    .min(1, 'condition.values must list at least one parent choice'),
});
export type ParamCondition = z.infer<typeof ConditionSchema>;

const numericBase = {
  low: z.number({ error: 'low must be a number' }),
  high: z.number({ error: 'high must be a number' }),
  log: z.boolean().default(false),
  step: z.number().positive('step must be > 0').optional(),
  condition: ConditionSchema.optional(),
};

function checkRange(p: { low: number; high: number; log: boolean }, ctx: z.RefinementCtx): void {
  if (!(p.low < p.high)) {
    ctx.addIssue({
      code: 'custom',
      path: ['high'],
      message: `high (${p.high}) must be greater than low (${p.low}); swap them or widen the range`,
    });
  }
  if (p.log && p.low <= 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['low'],
      message: `log scale needs low > 0 (got ${p.low}); use a positive lower bound or set log: false`,
    });
  }
}

export const FloatParamSchema = z.strictObject({ type: z.literal('float'), ...numericBase }).superRefine(checkRange);
export const IntParamSchema = z
  .strictObject({
    type: z.literal('int'),
    ...numericBase,
    low: z.number().int('low must be an integer'),
    high: z.number().int('high must be an integer'),
  })
  .superRefine(checkRange);
export const CategoricalParamSchema = z.strictObject({
  type: z.literal('categorical'),
  choices: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1, 'choices must list at least one value'),
  condition: ConditionSchema.optional(),
});

export const ParamSpecSchema = z.discriminatedUnion(
  'type',
  [FloatParamSchema, IntParamSchema, CategoricalParamSchema],
  {
    error: 'each parameter needs type "float", "int" or "categorical"',
  },
);
export type ParamSpec = z.infer<typeof ParamSpecSchema>;

/** Adds one issue per bad condition: unknown or non-categorical parent, a value that is not a parent choice, a cycle. */
function checkConditions(space: Record<string, ParamSpec>, ctx: z.RefinementCtx): void {
  for (const [name, spec] of Object.entries(space)) {
    const cond = spec.condition;
    if (!cond) continue;
    const parent = space[cond.parent];
    const at = (...rest: (string | number)[]) => [name, 'condition', ...rest];
    if (parent === undefined || cond.parent === name) {
      ctx.addIssue({
        code: 'custom',
        path: at('parent'),
        message: `${name}.condition.parent "${cond.parent}" is not another parameter of the space; name a categorical parameter declared next to ${name}`,
      });
    } else if (parent.type !== 'categorical') {
      ctx.addIssue({
        code: 'custom',
        path: at('parent'),
        message: `${name}.condition.parent "${cond.parent}" is a ${parent.type}; a parent must be categorical (declare it with type "categorical" and choices)`,
      });
    } else {
      cond.values.forEach((v, i) => {
        if (!parent.choices.includes(v))
          ctx.addIssue({
            code: 'custom',
            path: at('values', i),
            message: `${name}.condition.values: ${JSON.stringify(v)} is not a choice of ${cond.parent} (${JSON.stringify(parent.choices)}); use one of its choices`,
          });
      });
    }
  }
  const cycle = conditionCycle(space);
  if (cycle)
    ctx.addIssue({
      code: 'custom',
      path: [cycle[0], 'condition', 'parent'],
      message: `conditions form a cycle (${cycle.join(' -> ')}); a parameter cannot depend on itself, directly or through its parents`,
    });
}

/** The first cycle of condition parents (names, first repeated at the end), or undefined. */
function conditionCycle(space: Record<string, ParamSpec>): string[] | undefined {
  for (const start of Object.keys(space)) {
    const path = [start];
    for (
      let cur = space[start]?.condition?.parent;
      cur !== undefined && space[cur] !== undefined;
      cur = space[cur].condition?.parent
    ) {
      if (cur === start) return [...path, cur];
      if (path.includes(cur)) break; // a cycle not through `start`: reported from one of its members
      path.push(cur);
    }
  }
  return undefined;
}

const spaceRecord = z.record(
  // An optional `<choice>.` prefix: the names of a joined space (sub-spaces.ts, e.g. `tfidf-linear.c`).
  z
    .string()
    .regex(
      /^(?:[a-z][a-z0-9-]*\.)?[A-Za-z_][A-Za-z0-9_]*$/,
      'parameter names are identifiers (letters, digits, _), optionally prefixed by a family (tfidf-linear.c)',
    ),
  ParamSpecSchema,
);

export const SearchSpaceSchema = spaceRecord
  .refine((space) => Object.keys(space).length > 0, 'the search space is empty: declare at least one parameter')
  .superRefine(checkConditions);

/** A space that may be empty: one family's part of a cross-family search (`{}` searches nothing of it). */
export const SubSearchSpaceSchema = spaceRecord.superRefine(checkConditions);
export type SearchSpace = z.infer<typeof SearchSpaceSchema>;

/**
 * A constraint between numeric parameters, checked on every suggestion before
 * it runs: `param op other` (two params) or `param op value` (a constant).
 * A constraint that mentions an inactive (conditional, omitted) parameter holds
 * vacuously. Samplers resample violating points a bounded number of times.
 */
export const ConstraintSchema = z.union(
  [
    z.strictObject({ param: z.string(), op: z.enum(['<', '<=', '>', '>=']), other: z.string() }),
    z.strictObject({ param: z.string(), op: z.enum(['<', '<=', '>', '>=']), value: z.number() }),
  ],
  { error: 'each constraint is {param, op: "<"|"<="|">"|">=", other: <param>} or {param, op, value: <number>}' },
);
export type Constraint = z.infer<typeof ConstraintSchema>;

/**
 * Adds one issue per constraint that names an unknown or non-numeric parameter,
 * at `<pathPrefix>.<i>.param|other`. Pure; used by the `search` section's schema.
 */
export function checkConstraints(
  space: SearchSpace,
  constraints: readonly Constraint[],
  ctx: z.RefinementCtx,
  pathPrefix: (string | number)[] = ['constraints'],
): void {
  constraints.forEach((c, i) => {
    const refs: Array<['param' | 'other', string]> = [
      ['param', c.param],
      ...('other' in c ? [['other', c.other] as ['other', string]] : []),
    ];
    for (const [field, name] of refs) {
      const spec = space[name];
      if (spec === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [...pathPrefix, i, field],
          message: `constraint ${i}: "${name}" is not a parameter of search.space; name a float or int parameter`,
        });
      else if (spec.type === 'categorical')
        ctx.addIssue({
          code: 'custom',
          path: [...pathPrefix, i, field],
          message: `constraint ${i}: "${name}" is categorical; constraints compare numeric (float/int) parameters only`,
        });
    }
  });
}

/** One concrete point of a search space. JSON-serialisable. */
export type Params = Record<string, number | string | boolean>;
