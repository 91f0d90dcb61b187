import { GpSampler } from '../../../../lib/search/samplers/gp-sampler';
import { ChoiceCosts } from '../../../../lib/search/samplers/choice-costs';
import { joinSubSpaces } from '../../../../lib/search/space/sub-spaces';
import type { TrialObservation } from '../../../../lib/search/types';

/** Two "families" with the same objective surface; `dear` takes 100x the time of `cheap`. */
const space = joinSubSpaces('family', {
  cheap: { x: { type: 'float', low: 0, high: 1, log: false } },
  dear: { x: { type: 'float', low: 0, high: 1, log: false } },
});
const objective = (x: number) => 1 - (x - 0.7) ** 2;

function history(): TrialObservation[] {
  return Array.from({ length: 16 }, (_, i) => {
    const family = i % 2 === 0 ? 'cheap' : 'dear';
    const x = ((i * 7) % 16) / 16;
    return {
      index: i,
      params: { family, [`${family}.x`]: x },
      state: 'completed' as const,
      value: objective(x),
      seconds: family === 'cheap' ? 2 : 200,
    };
  });
}

describe('cost-aware GP (EI per second over family)', () => {
  it('measures each choice relative to the typical cost, neutral when unmeasured', () => {
    const costs = new ChoiceCosts('family', history());
    expect(costs.informative).toBe(true);
    expect(costs.logRelativeCost({ family: 'cheap' })).toBeCloseTo(-Math.log(10), 6);
    expect(costs.logRelativeCost({ family: 'dear' })).toBeCloseTo(Math.log(10), 6);
    expect(costs.logRelativeCost({ family: 'other' })).toBe(0);
    expect(new ChoiceCosts('family', history().slice(0, 1)).informative).toBe(false);
  });

  it('spends more trials on the cheap family than plain EI does on an equal objective (sequential sweep)', () => {
    const cheapPicks = (sampler: GpSampler) => {
      const h = history();
      for (let round = 0; round < 10; round++) {
        const [p] = sampler.suggest(h, 1, round);
        const family = String(p.family);
        const x = Number(p[`${family}.x`]);
        h.push({
          index: h.length,
          params: p,
          state: 'completed',
          value: objective(x),
          seconds: family === 'cheap' ? 2 : 200,
        });
      }
      return h.slice(16).filter((t) => t.params.family === 'cheap').length;
    };
    const plain = cheapPicks(new GpSampler(space, { nStartupTrials: 8, nCandidates: 128 }));
    const aware = cheapPicks(new GpSampler(space, { nStartupTrials: 8, nCandidates: 128, costParam: 'family' }));
    expect(aware).toBeGreaterThan(plain);
    expect(aware).toBeGreaterThanOrEqual(7);
  });
});
