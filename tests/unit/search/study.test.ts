import type { SearchSpace } from '../../../lib/search/space/search-space-schema';
import { ConfigError } from '../../../lib/core/errors';
import { createStudy } from '../../../lib/search/study';
import { HaltonSampler } from '../../../lib/search/samplers/halton-sampler';
import { MedianPruner } from '../../../lib/search/pruners/median-pruner';
import { RandomHistorySampler } from '../../../lib/search/samplers/random-history-sampler';

const square = {
  x: { type: 'float', low: 0, high: 1 },
  y: { type: 'float', low: 0, high: 1 },
} as unknown as SearchSpace;
const quadratic = (p: Record<string, unknown>): number =>
  -(((p.x as number) - 0.3) ** 2) - ((p.y as number) - 0.7) ** 2;

describe('createStudy (ask/tell)', () => {
  test('optimize finds a point near the optimum with the default TPE sampler', async () => {
    const study = createStudy({ space: square, seed: 1 });
    const best = await study.optimize(quadratic, 60);
    expect(study.trials()).toHaveLength(60);
    expect(best?.value).toBeGreaterThan(-0.003);
    expect(Math.abs((best?.params.x as number) - 0.3)).toBeLessThan(0.06);
    expect(Math.abs((best?.params.y as number) - 0.7)).toBeLessThan(0.06);
  });

  test('parallel optimize with an async objective; throwing and NaN objectives fail their trial only', async () => {
    const study = createStudy({ space: square, sampler: (space) => new HaltonSampler(space), seed: 2 });
    let calls = 0;
    const best = await study.optimize(
      async (p) => {
        calls += 1;
        if (calls === 3) throw new Error('boom');
        if (calls === 5) return NaN;
        if (calls === 6) return Infinity;
        return quadratic(p);
      },
      12,
      { parallelism: 4 },
    );
    const states = study.trials().map((t) => t.state);
    expect(states.filter((s) => s === 'failed')).toHaveLength(3);
    expect(states.filter((s) => s === 'completed')).toHaveLength(9);
    expect(Number.isFinite(best?.value)).toBe(true);
    expect(JSON.parse(JSON.stringify(study.trials()))).toEqual(study.trials());
  });

  test('ask records running trials; tell finishes them; best ignores failed and pruned', () => {
    const study = createStudy({ space: square, sampler: new RandomHistorySampler(validSquare()), seed: 3 });
    const asked = study.ask(3);
    expect(asked.map((a) => a.index)).toEqual([0, 1, 2]);
    expect(study.trials().every((t) => t.state === 'running')).toBe(true);
    expect(study.best()).toBeUndefined();
    study.tell(0, -0.5);
    study.tell(1, { state: 'pruned', value: 10 });
    study.tell(2, Infinity);
    expect(study.best()?.index).toBe(0);
    expect(study.trials().map((t) => t.state)).toEqual(['completed', 'pruned', 'failed']);
    expect(() => study.tell(0, 1)).toThrow(RangeError);
    expect(() => study.tell(7, 1)).toThrow(RangeError);
  });

  test('report feeds intermediate values to the pruner', () => {
    const study = createStudy({ space: square, pruner: new MedianPruner({ nStartupTrials: 2 }), seed: 4 });
    for (const { index } of study.ask(3)) {
      study.report(index, 0.8);
      study.report(index, 0.9);
      study.tell(index, 0.9);
    }
    const [{ index }] = study.ask();
    expect(study.report(index, 0.1)).toBe('continue'); // warm-up step
    expect(study.report(index, 0.1)).toBe('prune');
    expect(study.trials()[index].intermediate).toEqual([0.1, 0.1]);
  });

  test('same options and calls give the same suggestions', async () => {
    const run = async (): Promise<unknown> => {
      const study = createStudy({ space: square, seed: 9 });
      await study.optimize(quadratic, 15);
      return study.trials();
    };
    expect(await run()).toEqual(await run());
  });

  test('an invalid space is a ConfigError naming the field', () => {
    expect(() => createStudy({ space: { lr: { type: 'float', low: 1, high: 0 } } as unknown as SearchSpace })).toThrow(
      ConfigError,
    );
    expect(() => createStudy({ space: { lr: { type: 'float', low: 1, high: 0 } } as unknown as SearchSpace })).toThrow(
      /lr/,
    );
  });
});

function validSquare(): SearchSpace {
  return createStudy({ space: square }).space;
}
