import { SearchSpaceSchema, type Params } from '../../../../lib/search/space/search-space-schema';
import { createRng } from '../../../../lib/core/rng';
import { minimizeBounded } from '../../../../lib/search/gp/bounded-lbfgs';
import { compressLowTail, gpTargets } from '../../../../lib/search/gp/gp-output-transform';
import { GpPosterior, logMarginalLikelihood } from '../../../../lib/search/gp/gp-regression';
import { GpSampler } from '../../../../lib/search/samplers/gp-sampler';
import { HaltonSampler } from '../../../../lib/search/samplers/halton-sampler';
import { logExpectedImprovement, logH, normalCdf } from '../../../../lib/search/gp/log-expected-improvement';
import { RandomHistorySampler } from '../../../../lib/search/samplers/random-history-sampler';
import type { Sampler, TrialObservation } from '../../../../lib/search/types';
import { describeSamplerContract } from '../../../unit/search/samplers/sampler-contract';

describeSamplerContract({
  name: 'gp',
  make: (space, constraints) => new GpSampler(space, { nCandidates: 128, constraints }),
});
describeSamplerContract({
  name: 'gp (kriging believer)',
  make: (space, constraints) => new GpSampler(space, { nCandidates: 128, liar: 'believer', constraints }),
});

const square = SearchSpaceSchema.parse({
  a: { type: 'float', low: -5, high: 10 },
  b: { type: 'float', low: 0, high: 15 },
});
/** Negated Branin (maximisation), optimum -0.397887. */
const negBranin = (p: Params): number => {
  const [a, b] = [p.a as number, p.b as number];
  return -(
    (b - (5.1 / (4 * Math.PI ** 2)) * a * a + (5 / Math.PI) * a - 6) ** 2 +
    10 * (1 - 1 / (8 * Math.PI)) * Math.cos(a) +
    10
  );
};

function bestAfter(sampler: Sampler, budget: number, seed: number): number {
  const history: TrialObservation[] = [];
  while (history.length < budget) {
    for (const params of sampler.suggest(history, 1, seed))
      history.push({ index: history.length, params, state: 'completed', value: negBranin(params) });
  }
  return Math.max(...history.map((t) => t.value as number));
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('GpSampler', () => {
  test('beats random search on the median best of Branin (10 seeds x 25 evaluations)', () => {
    const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
    const gp = seeds.map((s) => bestAfter(new GpSampler(square, { nStartupTrials: 8, nCandidates: 128 }), 25, s));
    const random = seeds.map((s) => bestAfter(new RandomHistorySampler(square), 25, s));
    expect(median(gp)).toBeGreaterThan(median(random));
    expect(gp.filter((v, i) => v > random[i]).length).toBeGreaterThanOrEqual(8);
    expect(median(gp)).toBeGreaterThan(-0.397887 - 0.05);
  });

  test('startup phase is the Halton sequence', () => {
    expect(new GpSampler(square).suggest([], 5, 3)).toEqual(new HaltonSampler(square).suggest([], 5, 3));
  });

  test('a batch spreads out under every liar, away from the pending points', () => {
    const history: TrialObservation[] = new HaltonSampler(square)
      .suggest([], 12, 1)
      .map((params, index) => ({ index, params, state: 'completed', value: negBranin(params) }));
    for (const liar of ['worst', 'mean', 'believer'] as const) {
      const batch = new GpSampler(square, { liar, nCandidates: 128 }).suggest(history, 4, 5);
      const keys = new Set(batch.map((p) => JSON.stringify(p)));
      expect(keys.size).toBe(4);
      if (liar === 'worst') {
        const minGap = Math.min(
          ...batch.flatMap((p, i) =>
            batch
              .slice(i + 1)
              .map((q) => Math.hypot((p.a as number) - (q.a as number), (p.b as number) - (q.b as number))),
          ),
        );
        expect(minGap).toBeGreaterThan(0.05);
      }
    }
  });
});

describe('GP regression', () => {
  const rng = createRng(4);
  const x = Array.from({ length: 9 }, () => [rng.next(), rng.next(), rng.int(3)]);
  const y = gpTargets(
    x.map((p) => Math.sin(6 * p[0]) + p[1] - 0.3 * p[2]),
    false,
  );
  const categorical = [false, false, true];
  const params = {
    logLengthscales: [Math.log(0.4), Math.log(0.8), Math.log(1.3)],
    logSignal: Math.log(1.2),
    logNoise: Math.log(0.03),
  };

  test('log marginal likelihood gradient matches finite differences', () => {
    const { gradient } = logMarginalLikelihood(x, y, categorical, params);
    const packed = [...params.logLengthscales, params.logSignal, params.logNoise];
    packed.forEach((_, i) => {
      const at = (h: number): number => {
        const v = packed.map((p, j) => (j === i ? p + h : p));
        return logMarginalLikelihood(x, y, categorical, {
          logLengthscales: v.slice(0, 3),
          logSignal: v[3],
          logNoise: v[4],
        }).value;
      };
      expect(gradient[i]).toBeCloseTo((at(1e-5) - at(-1e-5)) / 2e-5, 4);
    });
  });

  test('posterior interpolates the data and reverts to the prior far away', () => {
    const post = new GpPosterior(x, y, categorical, { ...params, logNoise: Math.log(1e-6) });
    const { mean, variance } = post.predict(x);
    mean.forEach((m, i) => expect(m).toBeCloseTo(y[i], 2));
    variance.forEach((v) => expect(v).toBeLessThan(1e-3));
    const far = post.predict([[40, 40, 0]]);
    expect(far.variance[0]).toBeCloseTo(1.2, 3);
  });
});

describe('log expected improvement', () => {
  test('agrees with the closed form where EI is representable and stays finite and monotone below', () => {
    for (const z of [-5, -2, -1, -0.3, 0, 0.7, 3]) {
      const direct = z * normalCdf(z) + Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      expect(logH(z)).toBeCloseTo(Math.log(direct), 5);
    }
    const zs = [-1e4, -300, -40, -30.0001, -29.9999, -10, -1.0001, -0.9999, 0];
    const values = zs.map(logH);
    values.forEach((v) => expect(Number.isFinite(v)).toBe(true));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    expect(logExpectedImprovement(0, 1e-30, 1)).toBeLessThan(-1e10);
  });
});

describe('helpers', () => {
  test('low-tail compression is monotone, keeps the top half, and shrinks outliers', () => {
    const v = [-1e6, -5, -1, 0, 1, 2, 3];
    const w = compressLowTail(v);
    for (let i = 1; i < w.length; i++) expect(w[i]).toBeGreaterThan(w[i - 1]);
    expect(w.slice(3)).toEqual(v.slice(3));
    expect(w[0]).toBeGreaterThan(-100);
  });

  test('bounded L-BFGS finds a constrained minimum', () => {
    const f = (x: readonly number[]): { value: number; gradient: number[] } => ({
      value: (x[0] - 3) ** 2 + 10 * (x[1] + 1) ** 2,
      gradient: [2 * (x[0] - 3), 20 * (x[1] + 1)],
    });
    const res = minimizeBounded(f, [0, 0], { lower: [-1, -0.5], upper: [2, 1] });
    expect(res.x[0]).toBeCloseTo(2, 6);
    expect(res.x[1]).toBeCloseTo(-0.5, 6);
  });
});
