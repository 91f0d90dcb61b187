import { SearchSpaceSchema, type Params, type SearchSpace } from '../../../../lib/search/space/search-space-schema';
import { createRng } from '../../../../lib/core/rng';
import { GpSampler, type GpSamplerOptions } from '../../../../lib/search/samplers/gp-sampler';
import type { TrialObservation } from '../../../../lib/search/types';
import { mixedSpace } from './sampler-contract';

/**
 * Regression pins for the GP sampler's numerics: suggestions for fixed
 * (options, history, n, seed), recorded with the ml-matrix linear algebra the
 * sampler used before it moved to Float64Array kernels. Any rewrite of the
 * linear algebra must keep them (to 1e-6 relative), so a speed-up can never
 * silently change which points a sweep tries. Histories stay <= 100 completed
 * trials, so a change of the default model cap does not change these cases.
 */

const unit6: SearchSpace = SearchSpaceSchema.parse(
  Object.fromEntries(Array.from({ length: 6 }, (_, d) => [`x${d}`, { type: 'float', low: 0, high: 1 }])),
);

/** A Hartmann-6-like objective (four Gaussian bumps), maximised. */
function bumps6(p: Params): number {
  const centres = [
    [0.13, 0.7, 0.56, 0.12, 0.38, 0.57],
    [0.23, 0.14, 0.83, 0.37, 0.1, 0.88],
    [0.23, 0.35, 0.87, 0.57, 0.75, 0.05],
    [0.4, 0.87, 0.57, 0.23, 0.39, 0.03],
  ];
  const weights = [1, 1.2, 3, 3.2];
  return centres.reduce(
    (s, c, i) => s + weights[i] * Math.exp(-c.reduce((q, v, d) => q + 8 * ((p[`x${d}`] as number) - v) ** 2, 0)),
    0,
  );
}

/** Objective of the mixed contract space: numeric terms plus categorical offsets. */
function mixedObjective(p: Params): number {
  const lr = Math.log10(p.lr as number);
  return (
    -((lr + 2.5) ** 2) -
    ((p.dropout as number) - 0.2) ** 2 +
    0.01 * (p.units as number) -
    0.2 * (p.layers as number) +
    (p.batch === 32 ? 0.3 : 0) +
    (p.act === 'gelu' ? 0.2 : 0)
  );
}

/** `count` trials of uniformly random params (state by `stateOf`), deterministic for `seed`. */
function randomHistory(
  space: SearchSpace,
  f: (p: Params) => number,
  count: number,
  seed: number,
  stateOf: (i: number) => TrialObservation['state'] = () => 'completed',
): TrialObservation[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, index) => {
    const params: Params = {};
    for (const [name, spec] of Object.entries(space)) {
      if (spec.type === 'categorical') params[name] = spec.choices[rng.int(spec.choices.length)];
      else if (spec.type === 'int') params[name] = spec.low + rng.int(spec.high - spec.low + 1);
      else if (spec.log)
        params[name] = Math.exp(Math.log(spec.low) + rng.next() * (Math.log(spec.high) - Math.log(spec.low)));
      else
        params[name] = spec.step
          ? spec.low + spec.step * rng.int(Math.floor((spec.high - spec.low) / spec.step) + 1)
          : spec.low + rng.next() * (spec.high - spec.low);
    }
    const state = stateOf(index);
    return state === 'completed' ? { index, params, state, value: f(params) } : { index, params, state };
  });
}

interface PinnedCase {
  name: string;
  space: SearchSpace;
  options: GpSamplerOptions;
  history: TrialObservation[];
  n: number;
  seed: number;
  expected: Params[];
}

const cases: PinnedCase[] = [
  {
    name: '6-D, 40 completed',
    space: unit6,
    options: {},
    history: randomHistory(unit6, bumps6, 40, 11),
    n: 1,
    seed: 7,
    expected: [
      {
        x0: 0.10688200842482007,
        x1: 0.7077080925848134,
        x2: 0.808401385988559,
        x3: 0.2793724120585915,
        x4: 0.21768923594191633,
        x5: 0.2894428750748219,
      },
    ],
  },
  {
    name: '6-D, 100 completed + running + failed, batch of 2 (worst liar)',
    space: unit6,
    options: {},
    history: randomHistory(unit6, bumps6, 104, 12, (i) =>
      i % 26 === 25 ? 'running' : i % 26 === 24 ? 'failed' : 'completed',
    ),
    n: 2,
    seed: 3,
    expected: [
      {
        x0: 0.5193467765974722,
        x1: 0.9297469938793086,
        x2: 0.5344825591517248,
        x3: 0.1938856638469422,
        x4: 0.3578290315210932,
        x5: 0,
      },
      {
        x0: 0.6853408647054048,
        x1: 0.7220971872607899,
        x2: 0.5015205929954426,
        x3: 0.24179166175764996,
        x4: 0.18144036876259317,
        x5: 0.10556946385947333,
      },
    ],
  },
  {
    name: '6-D, 90 completed under an explicit cap of 40',
    space: unit6,
    options: { maxModelTrials: 40 },
    history: randomHistory(unit6, bumps6, 90, 13),
    n: 1,
    seed: 5,
    expected: [
      {
        x0: 0.3505739720094166,
        x1: 0.930299474185867,
        x2: 0.6574716213829139,
        x3: 0.32239184226344214,
        x4: 0.41812894853146626,
        x5: 0.02586949610506597,
      },
    ],
  },
  {
    name: 'mixed space, 35 completed, batch of 3 (kriging believer)',
    space: mixedSpace,
    options: { liar: 'believer', nCandidates: 256 },
    history: randomHistory(mixedSpace, mixedObjective, 35, 14),
    n: 3,
    seed: 9,
    expected: [
      { act: 'gelu', batch: 32, dropout: 0.2, layers: 1, lr: 0.0032612566137033283, units: 64 },
      { act: 'gelu', batch: 32, dropout: 0.2, layers: 1, lr: 0.003261849352032922, units: 64 },
      { act: 'gelu', batch: 32, dropout: 0.2, layers: 1, lr: 0.00325115844706767, units: 64 },
    ],
  },
];

function expectClose(actual: Params, expected: Params): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    if (typeof want === 'number' && typeof got === 'number' && !Number.isInteger(want)) {
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6 * Math.max(Math.abs(want), 1e-12));
    } else expect(got).toEqual(want);
  }
}

describe('GpSampler pinned suggestions', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const got = new GpSampler(c.space, c.options).suggest(c.history, c.n, c.seed);
    expect(got).toHaveLength(c.expected.length);
    got.forEach((p, i) => expectClose(p, c.expected[i]));
  });
});
