import type { SamplerConfig, WarmStartConfig } from './sampler-options';
import type { Constraint, Params, SearchSpace } from '../space/search-space-schema';
import { EnqueuedSampler } from './enqueued-sampler';
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
 * `enqueued` (config `search.enqueue`, or the default search's first trials) are the first trials, in order.
 * @throws ConfigError when a warm-start trial does not fit the space, or (grid) when no grid point is feasible.
 */
export function createSampler(
  space: SearchSpace,
  config: SamplerConfig,
  warmStart?: WarmStartConfig,
  constraints: readonly Constraint[] = [],
  enqueued: readonly Params[] = [],
): Sampler {
  const sampler = baseSampler(space, config, constraints);
  const warmed = warmStart ? new WarmStartSampler(sampler, space, warmStart) : sampler;
  return enqueued.length ? new EnqueuedSampler(warmed, space, enqueued) : warmed;
}

type Constraints = readonly Constraint[];

/** How each sampler kind of the config (`search.sampler`, options in sampler-options.ts) is built: one row per kind. */
const SAMPLERS: {
  [K in SamplerConfig['kind']]: (
    space: SearchSpace,
    config: Extract<SamplerConfig, { kind: K }>,
    constraints: Constraints,
  ) => Sampler;
} = {
  random: (space, _c, constraints) => new RandomHistorySampler(space, { constraints }),
  grid: (space, c, constraints) => new GridSampler(space, { gridPoints: c.gridPoints, constraints }),
  halton: (space, c, constraints) => new HaltonSampler(space, { scramble: c.scramble, constraints }),
  tpe: (space, c, constraints) =>
    new TpeSampler(space, {
      nStartupTrials: c.nStartupTrials,
      nEiCandidates: c.nEiCandidates,
      multivariate: c.multivariate,
      constantLiar: c.constantLiar,
      constraints,
    }),
  gp: (space, c, constraints) =>
    new GpSampler(space, {
      nStartupTrials: c.nStartupTrials,
      nCandidates: c.nCandidates,
      liar: c.liar,
      outputWarping: c.outputWarping,
      maxModelTrials: c.maxModelTrials,
      constraints,
      // The joined space of a cross-family sweep names its family choice `family` (configs/family-spaces.ts).
      ...(c.costAware ? { costParam: 'family' } : {}),
    }),
};

function baseSampler(space: SearchSpace, config: SamplerConfig, constraints: Constraints): Sampler {
  const create = SAMPLERS[config.kind] as (
    space: SearchSpace,
    config: SamplerConfig,
    constraints: Constraints,
  ) => Sampler;
  return create(space, config, constraints);
}
