import type { Constraint, Params, SearchSpace } from '../space/search-space-schema';
import { createRng } from '../../core/rng';
import { applyConditions } from '../space/conditions';
import { drawFeasible } from '../space/constraints';
import { sampleParam } from '../space/sample-param';

/** Options of {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Suggestions violating one are redrawn (see `drawFeasible`). Default none. */
  constraints?: readonly Constraint[];
}

/**
 * Stateless random search. Suggestion `i` of a sweep depends only on
 * (seed, i), never on results, so a sweep resumed after a crash or a
 * continue-as-new suggests exactly the configs it would have anyway.
 * Inactive conditional params are omitted; a draw violating a constraint is
 * redrawn from the stream (seed, i, attempt), so determinism holds.
 */
export class RandomSampler {
  private readonly constraints: readonly Constraint[];

  constructor(
    private readonly space: SearchSpace,
    options: RandomSamplerOptions = {},
  ) {
    this.constraints = options.constraints ?? [];
  }

  /**
   * Suggests trial numbers `firstIndex .. firstIndex + n - 1`. Keys are in sorted order.
   * @throws ConfigError when the constraints reject every draw (an (almost) infeasible space).
   */
  suggest(firstIndex: number, n: number, seed: number): Params[] {
    const names = Object.keys(this.space).sort();
    return Array.from({ length: n }, (_, k) =>
      drawFeasible((attempt) => {
        const trial = `trial-${firstIndex + k}`;
        const rng = createRng(seed).fork(attempt === 0 ? trial : `${trial}-retry-${attempt}`);
        const params: Params = {};
        for (const name of names) params[name] = sampleParam(this.space[name], rng.fork(name));
        return applyConditions(this.space, params);
      }, this.constraints),
    );
  }
}
