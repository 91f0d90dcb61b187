import type { Pruner, TrialObservation } from '../types';
import { AshaPruner } from './asha-pruner';
import { MedianPruner } from './median-pruner';
import type { PrunerConfig } from './pruner-options';
import type { PruningRule } from './pruning-rule';

type PrunerKind = Exclude<PrunerConfig['kind'], 'none'>;

/** How each pruner kind of the config (`search.pruner`) is built; `none` builds nothing. */
const PRUNERS: { [K in PrunerKind]: (config: Extract<PrunerConfig, { kind: K }>) => Pruner } = {
  median: (c) => new MedianPruner({ nStartupTrials: c.nStartupTrials, nWarmupSteps: c.nWarmupSteps }),
  asha: (c) => new AshaPruner({ minResource: c.minResource, reductionFactor: c.reductionFactor }),
};

/** The pruner a config names (undefined for `none`). */
export function createPruner(config: PrunerConfig): Pruner | undefined {
  if (config.kind === 'none') return undefined;
  const create = PRUNERS[config.kind] as (c: PrunerConfig) => Pruner;
  return create(config);
}

/** The rule for a trial that runs `epochs` epochs, or undefined when nothing can be pruned. */
export function pruningRule(
  config: PrunerConfig,
  history: readonly TrialObservation[],
  epochs: number,
): PruningRule | undefined {
  return createPruner(config)?.rule(history, epochs);
}
