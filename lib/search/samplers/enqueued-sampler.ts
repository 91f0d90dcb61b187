import type { Params, SearchSpace } from '../space/search-space-schema';
import { ConfigError } from '../../core/errors';
import { applyConditions } from '../space/conditions';
import { fitsSpace } from '../space/unit-space';
import { paramNames, type Sampler, type TrialObservation } from '../types';

/**
 * Enqueued trials (Optuna's `enqueue_trial`): the sweep's first trials are
 * these points, in order; then the inner sampler takes over, seeing them in
 * its history like any trial. Stateless: trial number `i` (the count of the
 * sweep's own trials before it, warm-start trials not counted) is
 * `points[i]` while `i < points.length`, so a resumed or replayed sweep
 * suggests the same.
 */
export class EnqueuedSampler implements Sampler {
  readonly kind: string;
  private readonly points: Params[];

  /** @throws ConfigError naming `search.enqueue[i]` when a point does not fit the space. */
  constructor(
    private readonly inner: Sampler,
    space: SearchSpace,
    points: readonly Params[],
  ) {
    this.kind = inner.kind;
    this.points = points.map((p, i) => {
      if (!fitsSpace(space, p) || Object.keys(p).some((k) => !(k in space)))
        throw new ConfigError(
          `search.enqueue[${i}]: params ${JSON.stringify(p)} do not fit the search space (${paramNames(space).join(', ')}); fix or drop the point`,
        );
      return applyConditions(space, p);
    });
  }

  suggest(history: readonly TrialObservation[], n: number, seed: number): Params[] {
    const done = history.filter((t) => t.index >= 0).length;
    const queued = this.points.slice(done, done + n).map((p) => ({ ...p }));
    if (queued.length === n) return queued;
    // The inner sampler sees the queued points as pending, so it does not suggest them again.
    const pending = queued.map((params, k) => ({ index: done + k, params, state: 'running' as const }));
    return [...queued, ...this.inner.suggest([...history, ...pending], n - queued.length, seed)];
  }
}
