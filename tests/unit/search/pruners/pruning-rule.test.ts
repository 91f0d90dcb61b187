import { PrunerSchema } from '../../../../configs/search-schema';
import { AshaPruner } from '../../../../lib/search/pruners/asha-pruner';
import { MedianPruner } from '../../../../lib/search/pruners/median-pruner';
import { shouldPrune } from '../../../../lib/search/pruners/pruning-rule';
import { pruningRule } from '../../../../lib/search/pruners/pruner-registry';
import type { TrialObservation } from '../../../../lib/search/types';
import { createRng } from '../../../../lib/core/rng';

function randomHistory(seed: number, n: number, epochs: number): TrialObservation[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, index) => {
    const reached = 1 + rng.int(epochs);
    const base = rng.next();
    const intermediate = Array.from({ length: reached }, (_, s) =>
      Number((base + 0.05 * s + 0.1 * rng.next()).toFixed(3)),
    );
    const state = reached === epochs ? 'completed' : rng.next() < 0.5 ? 'pruned' : 'running';
    return {
      index,
      params: {},
      state,
      value: state === 'completed' ? intermediate[epochs - 1] : undefined,
      intermediate,
    };
  });
}

/** The frozen rule must decide exactly as the pruner would with the same history. */
test.each([
  [
    'median',
    PrunerSchema.parse({ kind: 'median', nStartupTrials: 3, nWarmupSteps: 1 }),
    new MedianPruner({ nStartupTrials: 3, nWarmupSteps: 1 }),
  ],
  [
    'asha',
    PrunerSchema.parse({ kind: 'asha', minResource: 1, reductionFactor: 3 }),
    new AshaPruner({ minResource: 1, reductionFactor: 3 }),
  ],
] as const)('%s rule agrees with the pruner on random histories', (_name, config, pruner) => {
  const epochs = 9;
  let decisions = 0;
  let prunes = 0;
  for (let seed = 0; seed < 40; seed++) {
    const history = randomHistory(seed, 6 + (seed % 10), epochs);
    const rule = pruningRule(config, history, epochs);
    const rng = createRng(1000 + seed);
    const curve: number[] = [];
    for (let s = 0; s < epochs; s++) {
      curve.push(Number((rng.next() + 0.05 * s).toFixed(3)));
      const trial: TrialObservation = { index: 999, params: {}, state: 'running', intermediate: curve.slice() };
      const expected = pruner.decide(history, trial) === 'prune';
      const isRungOrMedianStep = config.kind === 'median' || rule?.thresholds[s] !== null;
      if (!isRungOrMedianStep) continue; // ASHA's rule only fires right after a rung step
      expect(shouldPrune(rule, curve)).toBe(expected);
      decisions++;
      if (expected) prunes++;
    }
  }
  expect(decisions).toBeGreaterThan(100);
  expect(prunes).toBeGreaterThan(10);
});

test('no rule without a pruner or before enough trials completed', () => {
  expect(pruningRule({ kind: 'none' }, randomHistory(1, 10, 5), 5)).toBeUndefined();
  expect(
    pruningRule(PrunerSchema.parse({ kind: 'median', nStartupTrials: 100 }), randomHistory(1, 10, 5), 5),
  ).toBeUndefined();
  expect(shouldPrune(undefined, [0, 0, 0])).toBe(false);
});

test('a diverged score prunes at a step with a threshold', () => {
  expect(shouldPrune({ compare: 'current', thresholds: [0.5] }, [NaN])).toBe(true);
  expect(shouldPrune({ compare: 'best-so-far', thresholds: [null, 0.5] }, [0.9, 0.1])).toBe(false);
  expect(shouldPrune({ compare: 'current', thresholds: [null, 0.5] }, [0.9, 0.1])).toBe(true);
});
