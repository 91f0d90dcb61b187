import type { SamplerConfig, WarmStartConfig } from '../../../configs/search-schema';
import type { Constraint, SearchSpace } from '../space/search-space-schema';
import { GpSampler } from './gp-sampler';
import { GridSampler } from './grid-sampler';
import { HaltonSampler } from './halton-sampler';
import { RandomHistorySampler } from './random-history-sampler';
import type { Sampler } from '../types';
import { TpeSampler } from './tpe-sampler';
import { WarmStartSampler } from './warm-start';

/**
 * Builds the sampler a config names. Pure: the same config always gives an equivalent sampler.
 * With `warmStart` (config `search.warmStart`), the sampler is wrapped in a
 * {@link WarmStartSampler}: it sees those trials as completed history with indices -W..-1.
 * `constraints` (config `search.constraints`) reach every sampler: no suggestion violates one.
 * @throws ConfigError when a warm-start trial does not fit the space, or (grid) when no grid point is feasible.
 */
export function createSampler(space: SearchSpace, config: SamplerConfig, warmStart?: WarmStartConfig, constraints: readonly Constraint[] = []): Sampler {
  const sampler = baseSampler(space, config, constraints);
  return warmStart ? new WarmStartSampler(sampler, space, warmStart) : sampler;
}

function baseSampler(space: SearchSpace, config: SamplerConfig, constraints: readonly Constraint[]): Sampler {
  switch (config.kind) {
    case 'random':
      return new RandomHistorySampler(space, { constraints });
    case 'grid':
      return new GridSampler(space, { gridPoints: config.gridPoints, constraints });
    case 'halton':
      return new HaltonSampler(space, { scramble: config.scramble, constraints });
    case 'tpe':
      return new TpeSampler(space, {
        nStartupTrials: config.nStartupTrials,
        nEiCandidates: config.nEiCandidates,
        multivariate: config.multivariate,
        constantLiar: config.constantLiar,
        constraints,
      });
    case 'gp':
      return new GpSampler(space, {
        nStartupTrials: config.nStartupTrials,
        nCandidates: config.nCandidates,
        liar: config.liar,
        outputWarping: config.outputWarping,
        maxModelTrials: config.maxModelTrials,
        constraints,
      });
  }
}
