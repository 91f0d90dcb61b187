import type { SamplerConfig } from '../../configs/search-schema';
import type { SearchSpace } from '../../configs/search-space-schema';
import { GridSampler } from './grid-sampler';
import { HaltonSampler } from './halton-sampler';
import { RandomHistorySampler } from './random-history-sampler';
import type { Sampler } from './study';
import { TpeSampler } from './tpe-sampler';

/** Builds the sampler a config names. Pure: the same config always gives an equivalent sampler. */
export function createSampler(space: SearchSpace, config: SamplerConfig): Sampler {
  switch (config.kind) {
    case 'random':
      return new RandomHistorySampler(space);
    case 'grid':
      return new GridSampler(space, { gridPoints: config.gridPoints });
    case 'halton':
      return new HaltonSampler(space, { scramble: config.scramble });
    case 'tpe':
      return new TpeSampler(space, {
        nStartupTrials: config.nStartupTrials,
        nEiCandidates: config.nEiCandidates,
        multivariate: config.multivariate,
        constantLiar: config.constantLiar,
      });
  }
}
