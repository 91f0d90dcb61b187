import type { z } from 'zod';
import type { ParamSpec } from '../lib/search/space/search-space-schema';

/** A hyperparameter's own schema (e.g. `ClassifierHyperparamsSchema.shape.learningRate`), possibly with a default. */
type HyperparamField = z.ZodType & { unwrap?: () => z.ZodType };

/**
 * Checks that every value a search-space parameter can take is a value its
 * model family accepts, so a sweep that could only produce failing trials
 * (a negative learning rate, a float batch size, dropout 1.0, a string
 * choice for a numeric parameter) is a ConfigError before anything starts,
 * not N failed trials hours later.
 *
 * Range ends are checked with the hyperparameter's own schema (samplers clamp
 * into [low, high], so both ends are reachable); every categorical choice is
 * checked; a `float` range for an integer hyperparameter is rejected.
 * Pure; adds one zod issue per problem at `<spacePath>.<name>[.low|.high|.choices[i]]` (default `search.space`).
 */
export function checkSpaceBounds(
  name: string,
  spec: ParamSpec,
  field: HyperparamField,
  ctx: z.RefinementCtx,
  spacePath: readonly string[] = ['search', 'space'],
): void {
  const at = (...rest: (string | number)[]) => [...spacePath, name, ...rest];
  const problem = (value: unknown): string | undefined => {
    const result = field.safeParse(value);
    return result.success ? undefined : result.error.issues[0]?.message;
  };
  if (spec.type === 'categorical') {
    spec.choices.forEach((choice, i) => {
      const message = problem(choice);
      if (message)
        ctx.addIssue({
          code: 'custom',
          path: at('choices', i),
          message: `choice ${JSON.stringify(choice)} is not a valid ${name}: ${message}`,
        });
    });
    return;
  }
  if (spec.type === 'float' && isIntegerField(field)) {
    ctx.addIssue({
      code: 'custom',
      path: at('type'),
      message: `${name} is an integer hyperparameter: use type "int" (a float range would produce fractional values)`,
    });
  }
  for (const end of ['low', 'high'] as const) {
    if (end === 'low' && spec.log && spec.low <= 0) continue; // already reported by the search-space schema
    const message = problem(spec[end]);
    if (message)
      ctx.addIssue({
        code: 'custom',
        path: at(end),
        message: `${end} (${spec[end]}) is not a valid ${name}: ${message}; narrow the range`,
      });
  }
}

/** Whether a numeric zod field only accepts integers (zod 4 exposes `isInt` on number schemas). */
function isIntegerField(field: HyperparamField): boolean {
  const inner = (typeof field.unwrap === 'function' ? field.unwrap() : field) as { isInt?: boolean };
  return inner.isInt === true;
}
