import { sweepEnqueued, sweepSpace } from '../configs/family-spaces';
import { createSampler } from '../lib/search/samplers/sampler-registry';
import { pruningRule } from '../lib/search/pruners/pruner-registry';
import type { SuggestTrialsInput, TrialSuggestion } from './contracts';
import { mapFailures } from './failures';

/**
 * Sampler calls run as a *local* activity of the sweep: their result is
 * recorded in history (so changing sampler code never breaks replay of running
 * sweeps) while their input — the whole trial history — is not, which keeps
 * a 1,000-trial sweep's history small.
 */
export function createSweepActivities() {
  return {
    suggestTrials: mapFailures(async ({ config, history, count }: SuggestTrialsInput): Promise<TrialSuggestion[]> => {
      const sampler = createSampler(
        sweepSpace(config),
        config.search.sampler,
        config.search.warmStart,
        config.search.constraints,
        sweepEnqueued(config),
      );
      const pruning = pruningRule(config.search.pruner, history, config.search.epochs);
      return sampler.suggest(history, count, config.seed).map((params) => ({ params, pruning }));
    }),
  };
}
