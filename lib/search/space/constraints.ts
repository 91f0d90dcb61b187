import type { Constraint, Params } from './search-space-schema';
import { ConfigError } from '../../core/errors';

/**
 * Constraints between numeric parameters (`search.constraints`). Pure
 * comparisons, no expression evaluation. A constraint that mentions a
 * parameter absent from `params` (inactive, hence omitted) holds vacuously.
 */

/** Rejection sampling gives up after this many draws for one suggestion. */
export const MAX_CONSTRAINT_TRIES = 200;

/** Human-readable form, e.g. `warmupFraction <= 0.2` or `a < b`. */
export function describeConstraint(c: Constraint): string {
  return `${c.param} ${c.op} ${'other' in c ? c.other : c.value}`;
}

/** True when `c` holds for `params` (vacuously when a side is missing or not a number). */
export function satisfiesConstraint(params: Params, c: Constraint): boolean {
  const a = params[c.param];
  const b = 'other' in c ? params[c.other] : c.value;
  if (typeof a !== 'number' || typeof b !== 'number') return true;
  switch (c.op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** True when every constraint holds for `params`. */
export function satisfiesConstraints(params: Params, constraints: readonly Constraint[]): boolean {
  return constraints.every((c) => satisfiesConstraint(params, c));
}

/**
 * True when every constraint holds for `params`; adds 1 to `violations[i]` for
 * each constraint i that does not (for the infeasibility message).
 */
export function countViolations(params: Params, constraints: readonly Constraint[], violations: number[]): boolean {
  let ok = true;
  constraints.forEach((c, i) => {
    if (!satisfiesConstraint(params, c)) {
      violations[i] = (violations[i] ?? 0) + 1;
      ok = false;
    }
  });
  return ok;
}

/**
 * Rejection sampling: returns the first of `draw(0), draw(1), ...` that satisfies
 * every constraint. Deterministic when `draw` is.
 * @throws ConfigError naming the most often violated constraint after
 *   `maxTries` infeasible draws (the space is (almost) infeasible).
 */
export function drawFeasible(
  draw: (attempt: number) => Params,
  constraints: readonly Constraint[],
  maxTries = MAX_CONSTRAINT_TRIES,
): Params {
  const violations = new Array<number>(constraints.length).fill(0);
  for (let attempt = 0; attempt < maxTries; attempt++) {
    const params = draw(attempt);
    if (countViolations(params, constraints, violations)) return params;
  }
  throw infeasibleError(constraints, violations, maxTries);
}

/** The ConfigError for a space whose constraints rejected `tries` draws in a row. */
export function infeasibleError(
  constraints: readonly Constraint[],
  violations: readonly number[],
  tries: number,
): ConfigError {
  const worst = violations.reduce((best, v, i) => (v > violations[best] ? i : best), 0);
  const c = constraints[worst];
  return new ConfigError(
    `search.constraints[${worst}] (${c ? describeConstraint(c) : '?'}) rejected ${violations[worst] ?? 0} of ${tries} draws in a row: the space is (almost) infeasible; widen the parameter ranges or relax the constraint`,
    { constraint: worst, tries },
  );
}
