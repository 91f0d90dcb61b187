import type { Params, SearchSpace } from './search-space-schema';
import { applyConditions, fillInactive } from './conditions';
import { paramFromUnit } from './sample-param';
import { toUnit } from './unit-space';

/**
 * The coordinates model-based samplers (TPE, GP) work in, one per name of
 * `names` (sorted param names): numeric params as `toUnit` values in [0, 1],
 * categoricals as choice indices. Inactive params are encoded as their
 * `inactiveFill` value and dropped again on decoding.
 */
export function encodeModelPoint(space: SearchSpace, names: readonly string[], params: Params): number[] {
  const full = fillInactive(space, params);
  return names.map((name) => {
    const spec = space[name];
    return spec.type === 'categorical' ? spec.choices.indexOf(full[name]) : toUnit(spec, full[name]);
  });
}

/** Inverse of {@link encodeModelPoint}: numeric values through `paramFromUnit`, inactive params dropped. */
export function decodeModelPoint(space: SearchSpace, names: readonly string[], x: readonly number[]): Params {
  const params: Params = {};
  names.forEach((name, d) => {
    const spec = space[name];
    params[name] = spec.type === 'categorical' ? spec.choices[x[d]] : paramFromUnit(spec, x[d]);
  });
  return applyConditions(space, params);
}
