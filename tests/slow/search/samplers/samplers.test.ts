import { SearchSpaceSchema } from '../../../../lib/search/space/search-space-schema';
import { GridSampler } from '../../../../lib/search/samplers/grid-sampler';
import { HaltonSampler } from '../../../../lib/search/samplers/halton-sampler';
import { RandomHistorySampler } from '../../../../lib/search/samplers/random-history-sampler';
import { RandomSampler } from '../../../../lib/search/samplers/random-sampler';
import type { Sampler, TrialObservation } from '../../../../lib/search/types';
import { TpeSampler } from '../../../../lib/search/samplers/tpe-sampler';
import { describeSamplerContract, mixedSpace } from '../../../unit/search/samplers/sampler-contract';

describeSamplerContract({
  name: 'random',
  make: (space, constraints) => new RandomHistorySampler(space, { constraints }),
});
describeSamplerContract({
  name: 'grid',
  make: (space, constraints) => new GridSampler(space, { gridPoints: 7, constraints }),
});
describeSamplerContract({ name: 'halton', make: (space, constraints) => new HaltonSampler(space, { constraints }) });
describeSamplerContract({ name: 'tpe', make: (space, constraints) => new TpeSampler(space, { constraints }) });
describeSamplerContract({
  name: 'tpe (multivariate)',
  make: (space, constraints) => new TpeSampler(space, { multivariate: true, constraints }),
});

const running = (params: TrialObservation['params'][]): TrialObservation[] =>
  params.map((p, index) => ({ index, params: p, state: 'running' }));

describe('RandomHistorySampler', () => {
  test('matches RandomSampler at position history.length', () => {
    const history = running(new RandomSampler(mixedSpace).suggest(0, 3, 1));
    expect(new RandomHistorySampler(mixedSpace).suggest(history, 5, 8)).toEqual(
      new RandomSampler(mixedSpace).suggest(3, 5, 8),
    );
  });
});

describe('HaltonSampler', () => {
  test('consecutive batches are one stretch of the sequence', () => {
    const sampler = new HaltonSampler(mixedSpace);
    const first = sampler.suggest([], 4, 3);
    expect([...first, ...sampler.suggest(running(first), 4, 3)]).toEqual(sampler.suggest([], 8, 3));
  });

  test('covers the unit square more evenly than random draws', () => {
    const space = SearchSpaceSchema.parse({
      a: { type: 'float', low: 0, high: 1 },
      b: { type: 'float', low: 0, high: 1 },
    });
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

describe('TpeSampler', () => {
  const square = SearchSpaceSchema.parse({
    x: { type: 'float', low: 0, high: 1 },
    y: { type: 'float', low: 0, high: 1 },
  });
  const quadratic = (p: TrialObservation['params']): number =>
    -(((p.x as number) - 0.3) ** 2) - ((p.y as number) - 0.7) ** 2;

  /** Best value after `budget` sequential evaluations. */
  function bestAfter(sampler: Sampler, budget: number, seed: number, batch = 1): number {
    const history: TrialObservation[] = [];
    while (history.length < budget) {
      for (const params of sampler.suggest(history, batch, seed)) {
        history.push({ index: history.length, params, state: 'completed', value: quadratic(params) });
      }
    }
    return Math.max(...history.map((t) => t.value as number));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const seeds = Array.from({ length: 10 }, (_, i) => i + 1);

  test('beats random search on the median best of a 2-D quadratic (10 seeds x 40 evaluations)', () => {
    const tpe = median(seeds.map((s) => bestAfter(new TpeSampler(square), 40, s)));
    const random = median(seeds.map((s) => bestAfter(new RandomHistorySampler(square), 40, s)));
    expect(tpe).toBeGreaterThan(random);
    expect(tpe).toBeGreaterThan(-0.005);
  });

  test('multivariate and batched (constant liar) modes also beat random', () => {
    const random = median(seeds.map((s) => bestAfter(new RandomHistorySampler(square), 40, s)));
    expect(median(seeds.map((s) => bestAfter(new TpeSampler(square, { multivariate: true }), 40, s)))).toBeGreaterThan(
      random,
    );
    expect(median(seeds.map((s) => bestAfter(new TpeSampler(square), 40, s, 4)))).toBeGreaterThan(random);
  });

  test('startup phase is the Halton sequence', () => {
    expect(new TpeSampler(square).suggest([], 5, 3)).toEqual(new HaltonSampler(square).suggest([], 5, 3));
  });

  test('a batch spreads out: the liar keeps suggestions from collapsing onto the best point', () => {
    const history: TrialObservation[] = new HaltonSampler(square)
      .suggest([], 20, 1)
      .map((params, index) => ({ index, params, state: 'completed', value: quadratic(params) }));
    const spread = (ps: TrialObservation['params'][]): number =>
      Math.max(...ps.map((p) => p.x as number)) - Math.min(...ps.map((p) => p.x as number));
    const withLiar = new TpeSampler(square).suggest(history, 8, 5);
    expect(spread(withLiar)).toBeGreaterThan(0);
    expect(new Set(withLiar.map((p) => JSON.stringify(p))).size).toBe(8);
  });
});
