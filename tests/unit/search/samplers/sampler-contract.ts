import {
  SearchSpaceSchema,
  type Constraint,
  type Params,
  type SearchSpace,
} from '../../../../lib/search/space/search-space-schema';
import { RandomSampler } from '../../../../lib/search/samplers/random-sampler';
import type { Sampler, TrialObservation } from '../../../../lib/search/types';

/**
 * The contract every Sampler passes (see `Sampler` in lib/search/types.ts):
 * bounds, step grids, integrality, categorical choices, determinism, empty
 * history, NaN/±inf treated as failed, JSON-safe output, and distinct points in
 * a parallel batch. Call `describeSamplerContract` once per sampler.
 */

export const mixedSpace: SearchSpace = SearchSpaceSchema.parse({
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, step: 0.1 },
  units: { type: 'int', low: 8, high: 64, log: true },
  layers: { type: 'int', low: 1, high: 4 },
  batch: { type: 'categorical', choices: [16, 32, 64] },
  act: { type: 'categorical', choices: ['relu', 'gelu', true] },
});

export const continuousSpace: SearchSpace = SearchSpaceSchema.parse({
  x: { type: 'float', low: -2, high: 3 },
  y: { type: 'float', low: 1e-3, high: 10, log: true },
});

/**
 * Conditional params (one chain two deep: kind is active only for opt=sgd,
 * depth only for kind=b) and constraints (one between two params, one on a
 * conditional param, vacuous when it is inactive).
 */
export const conditionalSpace: SearchSpace = SearchSpaceSchema.parse({
  schedule: { type: 'categorical', choices: ['constant', 'cosine', 'linear'] },
  warmup: { type: 'float', low: 0, high: 0.5, condition: { parent: 'schedule', values: ['cosine', 'linear'] } },
  opt: { type: 'categorical', choices: ['adam', 'sgd'] },
  momentum: { type: 'float', low: 0, high: 0.9, step: 0.3, condition: { parent: 'opt', values: ['sgd'] } },
  kind: { type: 'categorical', choices: ['a', 'b'], condition: { parent: 'opt', values: ['sgd'] } },
  depth: { type: 'int', low: 1, high: 4, condition: { parent: 'kind', values: ['b'] } },
  lo: { type: 'float', low: 0, high: 1, step: 0.25 },
  hi: { type: 'float', low: 0, high: 1, step: 0.25 },
});
export const conditionalConstraints: Constraint[] = [
  { param: 'lo', op: '<', other: 'hi' },
  { param: 'warmup', op: '<=', value: 0.3 },
];

/** The params that must be present for `p` in `conditionalSpace`, sorted. */
function expectedKeys(p: Params): string[] {
  const keys = ['hi', 'lo', 'opt', 'schedule'];
  if (p.schedule !== 'constant') keys.push('warmup');
  if (p.opt === 'sgd') keys.push('momentum', 'kind');
  if (p.opt === 'sgd' && p.kind === 'b') keys.push('depth');
  return keys.sort();
}

function expectConditionalPoint(p: Params): void {
  expect(Object.keys(p)).toEqual(expectedKeys(p));
  for (const [name, spec] of Object.entries(conditionalSpace)) {
    if (!(name in p)) continue;
    if (spec.type === 'categorical') expect(spec.choices).toContain(p[name]);
    else {
      expect(p[name] as number).toBeGreaterThanOrEqual(spec.low);
      expect(p[name] as number).toBeLessThanOrEqual(spec.high);
    }
  }
  expect(p.lo as number).toBeLessThan(p.hi as number);
  if ('warmup' in p) expect(p.warmup as number).toBeLessThanOrEqual(0.3);
}

/** A toy objective over `mixedSpace` / `continuousSpace`, finite everywhere. */
export function toyObjective(p: Params): number {
  let v = 0;
  for (const [k, x] of Object.entries(p))
    v -= typeof x === 'number' ? Math.abs(Math.log1p(Math.abs(x)) - 0.3) : k.length * 0.01;
  return v;
}

/** A realistic history: completed trials, two running, one failed, one pruned. */
export function sampleHistory(
  space: SearchSpace,
  completed = 14,
  seed = 99,
  constraints: Constraint[] = [],
): TrialObservation[] {
  const params = new RandomSampler(space, { constraints }).suggest(0, completed + 4, seed);
  return params.map((p, index): TrialObservation => {
    if (index === completed) return { index, params: p, state: 'failed' };
    if (index === completed + 1) return { index, params: p, state: 'pruned', intermediate: [toyObjective(p) - 1] };
    if (index > completed + 1) return { index, params: p, state: 'running' };
    return { index, params: p, state: 'completed', value: toyObjective(p), intermediate: [toyObjective(p)] };
  });
}

function expectInSpace(space: SearchSpace, p: Params): void {
  expect(Object.keys(p)).toEqual(Object.keys(space).sort());
  for (const [name, spec] of Object.entries(space)) {
    const v = p[name];
    if (spec.type === 'categorical') {
      expect(spec.choices).toContain(v);
      continue;
    }
    expect(typeof v).toBe('number');
    expect(Number.isFinite(v)).toBe(true);
    expect(v as number).toBeGreaterThanOrEqual(spec.low);
    expect(v as number).toBeLessThanOrEqual(spec.high);
    if (spec.type === 'int') expect(Number.isInteger(v)).toBe(true);
    if (spec.step !== undefined) {
      const k = ((v as number) - spec.low) / spec.step;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
    }
  }
}

function keyOf(p: Params): string {
  return JSON.stringify(p);
}

export interface SamplerContractOptions {
  name: string;
  /** Builds the sampler; it must enforce `constraints` (default none). */
  make: (space: SearchSpace, constraints?: Constraint[]) => Sampler;
  /** History length that exercises the model (past any startup phase). Default 14. */
  historySize?: number;
}

/** Registers the contract tests for one sampler under `describe(name)`. */
export function describeSamplerContract({ name, make, historySize = 14 }: SamplerContractOptions): void {
  describe(`${name} sampler contract`, () => {
    const mixedHistory = sampleHistory(mixedSpace, historySize);
    const contHistory = sampleHistory(continuousSpace, historySize);

    test('values in bounds, on step grids, integral, among choices (empty and long history)', () => {
      const sampler = make(mixedSpace);
      for (const history of [[], mixedHistory]) {
        const out = sampler.suggest(history, 12, 3);
        expect(out).toHaveLength(12);
        out.forEach((p) => expectInSpace(mixedSpace, p));
      }
      expect(sampler.suggest(mixedHistory, 0, 3)).toEqual([]);
    });

    test('deterministic: same seed + history gives the same output; another seed differs', () => {
      for (const [space, history] of [
        [mixedSpace, mixedHistory],
        [continuousSpace, contHistory],
      ] as const) {
        const a = make(space).suggest(history, 4, 11);
        expect(make(space).suggest(history, 4, 11)).toEqual(a);
        expect(make(space).suggest(history, 4, 12)).not.toEqual(a);
      }
    });

    test('NaN / ±inf results are treated exactly like failed trials', () => {
      const sampler = make(continuousSpace);
      const bad = [NaN, Infinity, -Infinity];
      const extra = new RandomSampler(continuousSpace).suggest(100, 3, 5);
      const withBad = [
        ...contHistory,
        ...extra.map((p, i): TrialObservation => ({
          index: contHistory.length + i,
          params: p,
          state: 'completed',
          value: bad[i],
        })),
      ];
      const withFailed = withBad.map((t, i): TrialObservation =>
        i >= contHistory.length ? { index: t.index, params: t.params, state: 'failed' } : t,
      );
      const out = sampler.suggest(withBad, 4, 7);
      expect(out).toEqual(sampler.suggest(withFailed, 4, 7));
      out.forEach((p) => expectInSpace(continuousSpace, p));
    });

    test('output is JSON-serialisable and round-trips unchanged', () => {
      const out = make(mixedSpace).suggest(mixedHistory, 6, 2);
      expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    });

    test('conditional params appear iff their parent matches; constraints always hold (history omits inactive params)', () => {
      const condHistory = sampleHistory(conditionalSpace, historySize, 99, conditionalConstraints);
      expect(condHistory.some((t) => !('depth' in t.params))).toBe(true);
      const sampler = make(conditionalSpace, conditionalConstraints);
      for (const history of [[], condHistory]) {
        const out = sampler.suggest(history, 10, 5);
        expect(out).toHaveLength(10);
        out.forEach(expectConditionalPoint);
        expect(JSON.parse(JSON.stringify(out))).toEqual(out);
        expect(make(conditionalSpace, conditionalConstraints).suggest(history, 10, 5)).toEqual(out);
      }
    });

    test('a parallel batch of 4 has no duplicates, nor repeats of running trials (continuous space)', () => {
      const sampler = make(continuousSpace);
      for (const history of [[], contHistory]) {
        const out = sampler.suggest(history, 4, 21);
        const keys = new Set(out.map(keyOf));
        expect(keys.size).toBe(4);
        for (const t of history.filter((h) => h.state === 'running')) expect(keys.has(keyOf(t.params))).toBe(false);
      }
    });
  });
}
