import type { Params } from '../space/search-space-schema';
import type { TrialObservation } from '../types';
import { effectiveState } from '../types';

/**
 * Measured cost of each choice of one categorical parameter (e.g. `family`:
 * a tfidf-linear fit takes seconds, a neural trial minutes), for acquisitions
 * that rank candidates by expected improvement per second (Snoek et al. 2012,
 * "EI per second"). Pure.
 *
 * A choice's cost is the mean `seconds` of its finished (completed or pruned)
 * trials; `logRelativeCost` is log(cost / geometric mean over the measured
 * choices), 0 for a choice not measured yet (neutral: it is neither favoured
 * nor avoided until it has a measured trial).
 */
export class ChoiceCosts {
  private readonly logRel = new Map<string, number>();

  constructor(
    readonly param: string,
    history: readonly TrialObservation[],
  ) {
    const sums = new Map<string, { s: number; n: number }>();
    for (const t of history) {
      const state = effectiveState(t);
      if ((state !== 'completed' && state !== 'pruned') || !(t.seconds! > 0)) continue;
      const key = String(t.params[param]);
      const acc = sums.get(key) ?? { s: 0, n: 0 };
      acc.s += t.seconds!;
      acc.n++;
      sums.set(key, acc);
    }
    const logs = [...sums].map(([k, { s, n }]) => [k, Math.log(s / n)] as const);
    const mean = logs.reduce((a, [, l]) => a + l, 0) / Math.max(1, logs.length);
    for (const [k, l] of logs) this.logRel.set(k, l - mean);
  }

  /** True when at least two choices have a measured cost (otherwise costs change no ranking). */
  get informative(): boolean {
    return this.logRel.size >= 2;
  }

  /** log(cost of `params`' choice / typical cost); 0 when unmeasured. */
  logRelativeCost(params: Params): number {
    return this.logRel.get(String(params[this.param])) ?? 0;
  }
}
