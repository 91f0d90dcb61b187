import type { ParamSpec, Params, SearchSpace } from './search-space-schema';
import { paramFromUnit } from './sample-param';
import { paramNames } from '../types';

/**
 * Conditional parameters (`condition: { parent, values }` in the search-space
 * DSL). A parameter is active when it has no condition, or when its parent is
 * active and currently has one of `values`. Inactive parameters are OMITTED
 * from suggestions: the trainer then uses its own default for them (every
 * hyperparameter of lib/models/classifier/classifier-hyperparams.ts has one), so a trial's params
 * record exactly the values that mattered.
 *
 * Model-based samplers (TPE, GP) need a value in every dimension; they encode
 * an omitted parameter as the constant {@link inactiveFill} (the middle of a
 * numeric range, the first choice of a categorical). The model then sees all
 * inactive trials at one point of that dimension, which is harmless for the
 * inactive region (the dimension has no effect there) and biases the active
 * region's density slightly towards that constant; the simple, honest choice
 * over fitting per-dimension models on active trials only.
 */

const MAX_CONDITION_DEPTH = 1000;

/** True when `name` is active for `params` (its chain of parents is active and matches). */
export function isActive(space: SearchSpace, name: string, params: Params): boolean {
  let cur: string = name;
  // The schema rejects cycles; the depth bound keeps an unvalidated cyclic space from looping (never active then).
  for (let depth = 0; depth < MAX_CONDITION_DEPTH; depth++) {
    const cond: ParamSpec['condition'] = space[cur]?.condition;
    if (cond === undefined) return true;
    if (!cond.values.includes(params[cond.parent])) return false;
    cur = cond.parent;
  }
  return false;
}

/**
 * `params` without its inactive parameters, keys in sorted order (the canonical
 * form of a suggestion). Keys that are not parameters of the space are dropped.
 * Idempotent; the identity for a space without conditions.
 */
export function applyConditions(space: SearchSpace, params: Params): Params {
  const out: Params = {};
  for (const name of paramNames(space)) {
    if (name in params && params[name] !== undefined && isActive(space, name, params)) out[name] = params[name];
  }
  return out;
}

/** Names of the parameters active for `params`, sorted. */
export function activeParams(space: SearchSpace, params: Params): string[] {
  return paramNames(space).filter((name) => isActive(space, name, params));
}

/** True when the space declares at least one conditional parameter. */
export function hasConditions(space: SearchSpace): boolean {
  return Object.values(space).some((spec) => spec.condition !== undefined);
}

/** The constant an omitted (inactive) parameter is encoded as by model-based samplers. */
export function inactiveFill(spec: ParamSpec): number | string | boolean {
  return spec.type === 'categorical' ? spec.choices[0] : paramFromUnit(spec, 0.5);
}

/**
 * `params` with every inactive or missing parameter set to {@link inactiveFill},
 * keys sorted: a full point for models that need every dimension. Active values
 * are kept as they are.
 */
export function fillInactive(space: SearchSpace, params: Params): Params {
  const out: Params = {};
  for (const name of paramNames(space)) {
    const v = params[name];
    out[name] = v !== undefined && isActive(space, name, params) ? v : inactiveFill(space[name]);
  }
  return out;
}
