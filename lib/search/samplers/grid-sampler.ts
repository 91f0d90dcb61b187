import type { Constraint, ParamSpec, Params, SearchSpace } from '../space/search-space-schema';
import { ConfigError } from '../../core/errors';
import { createRng, shuffled } from '../../core/rng';
import { paramFromUnit } from '../space/sample-param';
import { paramNames, type Sampler, type TrialObservation } from '../types';
import { applyConditions } from '../space/conditions';
import { satisfiesConstraints } from '../space/constraints';
import { paramsKey, toUnit } from '../space/unit-space';

/** Options of {@link GridSampler}. */
export interface GridSamplerOptions {
  /** Points per continuous (float, no step) param, evenly spaced in (log-)unit space incl. both ends. Default 5. */
  gridPoints?: number;
  /** Refuse grids larger than this (default 100 000): the order is a shuffle of the whole grid. */
  maxGridSize?: number;
  /** Grid points violating one are left out. Default none. */
  constraints?: readonly Constraint[];
}

const DEFAULT_GRID_POINTS = 5;
const DEFAULT_MAX_GRID_SIZE = 100_000;

/** Deduplicated values in first-seen order. */
function unique(values: Array<number | string | boolean>): Array<number | string | boolean> {
  return values.filter((v, i) => values.indexOf(v) === i);
}

/**
 * The grid values of one param. Categorical: its choices. Int without step: every
 * integer in [low, high]. Numeric with step: low, low + step, ... (snapped by
 * `paramFromUnit`, so log+step behaves as sampling does). Float without step:
 * `gridPoints` points evenly spaced in unit space (log-spaced when `log`).
 */
export function gridValues(
  spec: ParamSpec,
  gridPoints: number,
  maxGridSize = DEFAULT_MAX_GRID_SIZE,
): Array<number | string | boolean> {
  if (spec.type === 'categorical') return unique(spec.choices);
  const step = spec.step ?? (spec.type === 'int' ? 1 : undefined);
  if (step === undefined) {
    const g = Math.max(1, Math.floor(gridPoints));
    return unique(Array.from({ length: g }, (_, j) => paramFromUnit(spec, g === 1 ? 0.5 : j / (g - 1))));
  }
  const count = Math.floor((spec.high - spec.low) / step + 1e-9) + 1;
  if (count > maxGridSize) {
    throw new ConfigError(
      `grid search: a param has ${count} grid values (low ${spec.low}, high ${spec.high}, step ${step}); use a larger step or another sampler`,
    );
  }
  return unique(Array.from({ length: count }, (_, j) => paramFromUnit(spec, toUnit(spec, spec.low + j * step))));
}

/**
 * Exhaustive grid search over the cartesian product of every param's grid values.
 *
 * Conditions and constraints: the product is enumerated once, inactive params
 * are dropped (points that then coincide count once) and points violating a
 * constraint are removed; what remains are the grid's points, in product order.
 *
 * Order: the points shuffled once per seed (the same order for every call).
 * Each call returns the first `n` points of that order with the fewest visits so
 * far, counting every trial in history whatever its state (running, completed,
 * pruned or failed: a failed grid point is not retried by the sampler; retrying
 * is the workflow's job). Once every point has been visited, the order repeats
 * from the start (second visits, then third...), so `suggest` always returns
 * `n` points. History entries that are not grid points are ignored. Results are
 * not used.
 * @throws ConfigError when the product has more than `maxGridSize` points, or
 *   when the constraints remove every point.
 */
export class GridSampler implements Sampler {
  readonly kind = 'grid';
  private readonly points: Params[];
  private readonly index = new Map<string, number>();
  /** Number of distinct points in the grid (after conditions and constraints). */
  readonly size: number;

  constructor(
    private readonly space: SearchSpace,
    options: GridSamplerOptions = {},
  ) {
    const max = options.maxGridSize ?? DEFAULT_MAX_GRID_SIZE;
    const names = paramNames(space);
    const axes = names.map((name) => gridValues(space[name], options.gridPoints ?? DEFAULT_GRID_POINTS, max));
    const product = axes.reduce((acc, axis) => acc * axis.length, 1);
    if (product > max) {
      throw new ConfigError(
        `grid search: the grid has ${product} points (more than ${max}); lower gridPoints, coarsen steps or use another sampler`,
      );
    }
    this.points = [];
    for (let flat = 0; flat < product; flat++) {
      const params = applyConditions(space, productPoint(names, axes, flat));
      const key = paramsKey(space, params);
      if (this.index.has(key) || !satisfiesConstraints(params, options.constraints ?? [])) continue;
      this.index.set(key, this.points.length);
      this.points.push(params);
    }
    this.size = this.points.length;
    if (this.size === 0)
      throw new ConfigError(
        'grid search: every grid point violates search.constraints; the space is infeasible: relax a constraint or widen the ranges',
      );
  }

  /** The params of grid point `i` (0 <= i < size), a fresh copy. */
  pointAt(i: number): Params {
    return { ...this.points[i] };
  }

  /** Index of a params point (inactive params ignored), or -1 when it is not a point of this grid. */
  indexOf(params: Params): number {
    return this.index.get(paramsKey(this.space, applyConditions(this.space, params))) ?? -1;
  }

  suggest(history: readonly TrialObservation[], n: number, seed: number): Params[] {
    const order = shuffled(
      Array.from({ length: this.size }, (_, i) => i),
      createRng(seed).fork('grid-order'),
    );
    const visits = new Float64Array(this.size);
    for (const trial of history) {
      const i = this.indexOf(trial.params);
      if (i >= 0) visits[i] += 1;
    }
    const out: Params[] = [];
    while (out.length < n) {
      // One pass of the order per round, taking points at the current minimum visit count.
      let min = Infinity;
      for (const v of visits) min = Math.min(min, v);
      for (let i = 0; i < order.length && out.length < n; i++) {
        if (visits[order[i]] !== min) continue;
        visits[order[i]] = min + 1;
        out.push(this.pointAt(order[i]));
      }
    }
    return out;
  }
}

/** Point `flat` of the product of `axes` (mixed radix, last name fastest), keys sorted. */
function productPoint(
  names: readonly string[],
  axes: ReadonlyArray<ReadonlyArray<number | string | boolean>>,
  flat: number,
): Params {
  const values = new Array<number | string | boolean>(names.length);
  let rest = flat;
  for (let d = names.length - 1; d >= 0; d--) {
    values[d] = axes[d][rest % axes[d].length];
    rest = Math.floor(rest / axes[d].length);
  }
  return Object.fromEntries(names.map((name, d) => [name, values[d]]));
}
