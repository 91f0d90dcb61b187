import type { Params, SearchSpace } from '../../configs/search-space-schema';
import { createRng } from '../core/rng';
import { sampleParam } from './sample-param';

/**
 * Stateless random search. Suggestion `i` of a sweep depends only on
 * (seed, i), never on results, so a sweep resumed after a crash or a
 * continue-as-new suggests exactly the configs it would have anyway.
 */
export class RandomSampler {
  constructor(private readonly space: SearchSpace) {}

  /** Suggests trial numbers `firstIndex .. firstIndex + n - 1`. Keys are in sorted order. */
  suggest(firstIndex: number, n: number, seed: number): Params[] {
    const names = Object.keys(this.space).sort();
    return Array.from({ length: n }, (_, k) => {
      const rng = createRng(seed).fork(`trial-${firstIndex + k}`);
      const params: Params = {};
      for (const name of names) params[name] = sampleParam(this.space[name], rng.fork(name));
      return params;
    });
  }
}
