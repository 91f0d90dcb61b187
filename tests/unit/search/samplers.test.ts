import { SearchSpaceSchema } from '../../../configs/search-space-schema';
import { GridSampler } from '../../../lib/search/grid-sampler';
import { HaltonSampler } from '../../../lib/search/halton-sampler';
import { RandomHistorySampler } from '../../../lib/search/random-history-sampler';
import { RandomSampler } from '../../../lib/search/random-sampler';
import type { TrialObservation } from '../../../lib/search/study';
import { describeSamplerContract, mixedSpace } from './sampler-contract';

describeSamplerContract({ name: 'random', make: (space) => new RandomHistorySampler(space) });
describeSamplerContract({ name: 'grid', make: (space) => new GridSampler(space, { gridPoints: 7 }) });
describeSamplerContract({ name: 'halton', make: (space) => new HaltonSampler(space) });

const running = (params: TrialObservation['params'][]): TrialObservation[] => params.map((p, index) => ({ index, params: p, state: 'running' }));

describe('RandomHistorySampler', () => {
  test('matches RandomSampler at position history.length', () => {
    const history = running(new RandomSampler(mixedSpace).suggest(0, 3, 1));
    expect(new RandomHistorySampler(mixedSpace).suggest(history, 5, 8)).toEqual(new RandomSampler(mixedSpace).suggest(3, 5, 8));
  });
});

describe('HaltonSampler', () => {
  test('consecutive batches are one stretch of the sequence', () => {
    const sampler = new HaltonSampler(mixedSpace);
    const first = sampler.suggest([], 4, 3);
    expect([...first, ...sampler.suggest(running(first), 4, 3)]).toEqual(sampler.suggest([], 8, 3));
  });

  test('covers the unit square more evenly than random draws', () => {
    const space = SearchSpaceSchema.parse({ a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } });
    const emptyCells = (pts: Array<Record<string, unknown>>): number => {
      const cells = new Set(pts.map((p) => `${Math.floor((p.a as number) * 8)},${Math.floor((p.b as number) * 8)}`));
      return 64 - cells.size;
    };
    const halton = emptyCells(new HaltonSampler(space).suggest([], 64, 1));
    const random = emptyCells(new RandomSampler(space).suggest(0, 64, 1));
    expect(halton).toBeLessThan(random);
  });
});

describe('GridSampler', () => {
  const space = SearchSpaceSchema.parse({
    opt: { type: 'categorical', choices: ['adam', 'sgd'] },
    lr: { type: 'float', low: 1e-3, high: 1e-1, log: true },
    layers: { type: 'int', low: 1, high: 3 },
  });

  test('enumerates the whole cartesian product before repeating, then repeats in the same order', () => {
    const sampler = new GridSampler(space, { gridPoints: 3 });
    expect(sampler.size).toBe(2 * 3 * 3);
    const all = sampler.suggest([], 18, 4);
    expect(new Set(all.map((p) => JSON.stringify(p))).size).toBe(18);
    expect(all.map((p) => p.lr).sort()).toContain(0.1);
    const again = sampler.suggest(running(all), 5, 4);
    expect(again).toEqual(all.slice(0, 5));
    expect(sampler.suggest([], 20, 4).slice(18)).toEqual(all.slice(0, 2));
  });

  test('skips visited points whatever their state, in seeded order', () => {
    const sampler = new GridSampler(space, { gridPoints: 3 });
    const all = sampler.suggest([], 18, 4);
    const history: TrialObservation[] = [
      { index: 0, params: all[0], state: 'completed', value: 1 },
      { index: 1, params: all[2], state: 'failed' },
    ];
    expect(sampler.suggest(history, 3, 4)).toEqual([all[1], all[3], all[4]]);
  });

  test('refuses a grid too large to enumerate', () => {
    const huge = SearchSpaceSchema.parse({ a: { type: 'int', low: 0, high: 1_000_000 } });
    expect(() => new GridSampler(huge)).toThrow(/grid values/);
  });
});
