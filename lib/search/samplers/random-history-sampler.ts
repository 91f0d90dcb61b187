import type { Params, SearchSpace } from '../space/search-space-schema';
import { RandomSampler, type RandomSamplerOptions } from './random-sampler';
import type { Sampler, TrialObservation } from '../types';

/**
 * {@link RandomSampler} behind the history-based {@link Sampler} interface.
 *
 * Suggestion k of a call is the random sampler's trial `history.length + k`, so
 * the output is identical to `RandomSampler.suggest(history.length, n, seed)`:
 * a sweep may switch between the two APIs without changing its suggestions.
 * Results in history are not used (random search ignores them), and running
 * trials count towards the position, so parallel batches never repeat draws.
 */
export class RandomHistorySampler implements Sampler {
  readonly kind = 'random';
  private readonly inner: RandomSampler;

  constructor(space: SearchSpace, options: RandomSamplerOptions = {}) {
    this.inner = new RandomSampler(space, options);
  }

  suggest(history: readonly TrialObservation[], n: number, seed: number): Params[] {
    return this.inner.suggest(history.length, n, seed);
  }
}
