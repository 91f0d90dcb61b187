import type { ParamSpec } from './search-space-schema';
import type { Rng } from '../../core/rng';

/**
 * Maps a unit-interval coordinate u in [0, 1) to a value of `spec`, honouring
 * log scale, integer rounding and step grids. Every sampler goes through this
 * one function, so bounds and grids are respected the same way everywhere.
 */
export function paramFromUnit(spec: ParamSpec, u: number): number | string | boolean {
  if (spec.type === 'categorical') {
    return spec.choices[Math.min(spec.choices.length - 1, Math.floor(u * spec.choices.length))];
  }
  const { low, high, log, step } = spec;
  let value = log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
  if (step !== undefined) value = low + Math.round((value - low) / step) * step;
  if (spec.type === 'int') value = Math.round(value);
  value = Math.min(high, Math.max(low, value));
  // Trim float noise from step arithmetic (0.1 + 2 * 0.1 = 0.30000000000000004).
  return step !== undefined ? Number(value.toPrecision(12)) : value;
}

/** Draws one value of `spec` uniformly (in log space when `log`). */
export function sampleParam(spec: ParamSpec, rng: Rng): number | string | boolean {
  return paramFromUnit(spec, rng.next());
}
