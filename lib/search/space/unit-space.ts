import type { ParamSpec, Params, SearchSpace } from './search-space-schema';
import { ConfigError } from '../../core/errors';
import { inactiveFill, isActive } from './conditions';
import { paramFromUnit } from './sample-param';
import { paramNames } from '../types';

/**
 * The unit cube [0,1]^d that model-based samplers (TPE, Halton, GP) work in.
 * `toUnit` is the inverse of `paramFromUnit`: for every value v that
 * paramFromUnit can produce, paramFromUnit(spec, toUnit(spec, v)) === v.
 * Log-scaled params are linear in log space here, so kernels see the
 * geometry the user declared.
 */

/**
 * Maps a value of `spec` to its unit coordinate in [0, 1].
 * Numeric: linear (or log-linear) position in [low, high], clamped.
 * Categorical: the centre of the choice's cell, (i + 0.5) / k.
 * @throws ConfigError when a categorical value is not one of the choices,
 *   or a numeric param receives a non-number.
 */
export function toUnit(spec: ParamSpec, value: number | string | boolean): number {
  if (spec.type === 'categorical') {
    const i = spec.choices.indexOf(value);
    if (i < 0)
      throw new ConfigError(`value ${JSON.stringify(value)} is not one of the choices ${JSON.stringify(spec.choices)}`);
    return (i + 0.5) / spec.choices.length;
  }
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ConfigError(`numeric parameter needs a number, got ${JSON.stringify(value)}`);
  }
  const { low, high, log } = spec;
  const u = log ? (Math.log(value) - Math.log(low)) / (Math.log(high) - Math.log(low)) : (value - low) / (high - low);
  return Math.min(1, Math.max(0, u));
}

/**
 * Maps params to unit coordinates in sorted-name order. Inactive (omitted)
 * conditional params are encoded as `inactiveFill` (see conditions.ts).
 * Throws like `toUnit`, and when an active param is missing.
 */
export function paramsToUnit(space: SearchSpace, params: Params): number[] {
  return paramNames(space).map((name) => {
    const active = isActive(space, name, params);
    if (active && !(name in params)) throw new ConfigError(`params lack "${name}" of the search space`);
    return toUnit(space[name], active ? params[name] : inactiveFill(space[name]));
  });
}

/** Maps a point of [0,1]^d (sorted-name order) to params, through `paramFromUnit`. */
export function paramsFromUnit(space: SearchSpace, unit: readonly number[]): Params {
  const params: Params = {};
  paramNames(space).forEach((name, d) => {
    params[name] = paramFromUnit(space[name], unit[d]);
  });
  return params;
}

/**
 * True when `params` lies in `space`: every active key present, numeric values
 * in bounds, integral for ints, categorical values among the choices. Inactive
 * conditional params may be omitted (their value, if any, is ignored). Used to
 * skip foreign history entries (a space edited mid-sweep) instead of crashing.
 */
export function fitsSpace(space: SearchSpace, params: Params): boolean {
  return paramNames(space).every((name) => {
    if (!isActive(space, name, params)) return true;
    const spec = space[name];
    const v = params[name];
    if (spec.type === 'categorical') return spec.choices.includes(v);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.low || v > spec.high) return false;
    return spec.type !== 'int' || Number.isInteger(v);
  });
}

/** A stable string key for a params point (sorted names; an omitted param is `null`), for set membership. */
export function paramsKey(space: SearchSpace, params: Params): string {
  return JSON.stringify(paramNames(space).map((name) => params[name]));
}
