import type { Params } from '../configs/search-space-schema';
import { RandomSampler } from '../lib/search/random-sampler';
import type { SuggestTrialsInput } from './contracts';
import { mapFailures } from './failures';

/**
 * Sampler calls live in an activity: the sweep workflow records their results
 * in history, so changing sampler code never breaks replay of running sweeps.
 */
export function createSweepActivities() {
  return {
    suggestTrials: mapFailures(async ({ config, firstIndex, count }: SuggestTrialsInput): Promise<Params[]> => {
      return new RandomSampler(config.search.space).suggest(firstIndex, count, config.seed);
    }),
  };
}
