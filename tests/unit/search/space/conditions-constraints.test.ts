import { SearchSchema } from '../../../../configs/search-schema';
import {
  SearchSpaceSchema,
  type Constraint,
  type Params,
  type SearchSpace,
} from '../../../../lib/search/space/search-space-schema';
import { ConfigError } from '../../../../lib/core/errors';
import { createStudy } from '../../../../lib/search/study';
import { activeParams, applyConditions, fillInactive, isActive } from '../../../../lib/search/space/conditions';
import { satisfiesConstraint, satisfiesConstraints } from '../../../../lib/search/space/constraints';
import { GpSampler } from '../../../../lib/search/samplers/gp-sampler';
import { GridSampler } from '../../../../lib/search/samplers/grid-sampler';
import { HaltonSampler } from '../../../../lib/search/samplers/halton-sampler';
import { RandomSampler } from '../../../../lib/search/samplers/random-sampler';
import { createSampler } from '../../../../lib/search/samplers/sampler-registry';
import type { TrialObservation } from '../../../../lib/search/types';
import { TpeSampler } from '../../../../lib/search/samplers/tpe-sampler';
import { fitsSpace, paramsToUnit } from '../../../../lib/search/space/unit-space';
import { WarmStartSampler } from '../../../../lib/search/samplers/warm-start';
import { conditionalConstraints, conditionalSpace, sampleHistory, toyObjective } from '../samplers/sampler-contract';

const issues = (result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}): string[] => result.error?.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`) ?? [];

const schedSpace: SearchSpace = SearchSpaceSchema.parse({
  schedule: { type: 'categorical', choices: ['constant', 'cosine'] },
  warmup: { type: 'float', low: 0, high: 0.5, condition: { parent: 'schedule', values: ['cosine'] } },
});

describe('condition schema', () => {
  test('rejects an unknown parent, a numeric parent, a value that is not a choice and a cycle, naming the param', () => {
    const bad = SearchSpaceSchema.safeParse({
      a: { type: 'categorical', choices: ['x', 'y'], condition: { parent: 'b', values: ['p'] } },
      b: { type: 'categorical', choices: ['p', 'q'], condition: { parent: 'a', values: ['x'] } },
      lr: { type: 'float', low: 0, high: 1 },
      c: { type: 'float', low: 0, high: 1, condition: { parent: 'lr', values: [1] } },
      d: { type: 'int', low: 0, high: 3, condition: { parent: 'nope', values: ['z'] } },
      e: { type: 'int', low: 0, high: 3, condition: { parent: 'a', values: ['z'] } },
    });
    expect(bad.success).toBe(false);
    expect(issues(bad)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^c\.condition\.parent: .*"lr" is a float; a parent must be categorical/),
        expect.stringMatching(/^d\.condition\.parent: .*"nope" is not another parameter/),
        expect.stringMatching(/^e\.condition\.values\.0: .*"z" is not a choice of a/),
        expect.stringMatching(/condition\.parent: conditions form a cycle \((a -> b -> a|b -> a -> b)\)/),
      ]),
    );
    expect(
      SearchSpaceSchema.safeParse({ a: { type: 'int', low: 0, high: 3, condition: { parent: 'a', values: [1] } } })
        .success,
    ).toBe(false);
  });

  test('search.constraints must name numeric params of the space', () => {
    const base = {
      space: { ...schedSpace, lr: { type: 'float', low: 1e-4, high: 1, log: true } },
      maxTrials: 3,
      parallelism: 1,
    };
    expect(
      SearchSchema.safeParse({
        ...base,
        constraints: [
          { param: 'warmup', op: '<=', value: 0.3 },
          { param: 'warmup', op: '<', other: 'lr' },
        ],
      }).success,
    ).toBe(true);
    const bad = SearchSchema.safeParse({
      ...base,
      constraints: [
        { param: 'nope', op: '<', value: 1 },
        { param: 'lr', op: '<', other: 'schedule' },
      ],
    });
    expect(issues(bad)).toEqual([
      expect.stringMatching(/^constraints\.0\.param: constraint 0: "nope" is not a parameter/),
      expect.stringMatching(/^constraints\.1\.other: constraint 1: "schedule" is categorical/),
    ]);
    expect(issues(SearchSchema.safeParse({ ...base, constraints: [{ param: 'lr', op: '==', value: 1 }] }))).toEqual([
      expect.stringMatching(/^constraints\.0: each constraint is/),
    ]);
  });

  test('warm-start trials may omit inactive params but not active ones', () => {
    const base = { space: schedSpace, maxTrials: 3, parallelism: 1 };
    const trials = [
      { params: { schedule: 'constant' }, value: 0.5 },
      { params: { schedule: 'cosine', warmup: 0.1 }, value: 0.6 },
    ];
    expect(SearchSchema.safeParse({ ...base, warmStart: { source: 's', trials } }).success).toBe(true);
    const bad = SearchSchema.safeParse({
      ...base,
      warmStart: { source: 's', trials: [{ params: { schedule: 'cosine' }, value: 1 }] },
    });
    expect(issues(bad)).toEqual([expect.stringMatching(/^warmStart\.trials\.0\.params\.warmup: /)]);
    const seen: TrialObservation[][] = [];
    new WarmStartSampler({ kind: 'rec', suggest: (h) => (seen.push([...h]), []) }, schedSpace, {
      source: 's',
      trials: [{ params: { schedule: 'constant', warmup: 0.2 }, value: 1 }],
    }).suggest([], 1, 0);
    expect(seen[0][0].params).toEqual({ schedule: 'constant' });
  });
});

describe('conditions and constraints helpers', () => {
  test('activity follows the whole parent chain; applyConditions drops inactive params and is idempotent', () => {
    const p: Params = {
      opt: 'adam',
      kind: 'b',
      depth: 3,
      momentum: 0.3,
      schedule: 'cosine',
      warmup: 0.1,
      lo: 0,
      hi: 1,
    };
    expect(isActive(conditionalSpace, 'depth', p)).toBe(false);
    expect(isActive(conditionalSpace, 'depth', { ...p, opt: 'sgd' })).toBe(true);
    expect(activeParams(conditionalSpace, p)).toEqual(['hi', 'lo', 'opt', 'schedule', 'warmup']);
    const applied = applyConditions(conditionalSpace, p);
    expect(applied).toEqual({ hi: 1, lo: 0, opt: 'adam', schedule: 'cosine', warmup: 0.1 });
    expect(applyConditions(conditionalSpace, applied)).toEqual(applied);
    expect(fitsSpace(conditionalSpace, applied)).toBe(true);
    expect(fitsSpace(conditionalSpace, { ...applied, schedule: 'constant', warmup: 9 })).toBe(true);
    expect(fitsSpace(conditionalSpace, { ...applied, opt: 'sgd' })).toBe(false);
    expect(paramsToUnit(conditionalSpace, applied)).toEqual(
      paramsToUnit(conditionalSpace, fillInactive(conditionalSpace, applied)),
    );
  });

  test('satisfiesConstraints compares params and constants; a missing side holds vacuously', () => {
    const c = (op: Constraint['op']): Constraint => ({ param: 'a', op, other: 'b' });
    expect([c('<'), c('<='), c('>'), c('>=')].map((k) => satisfiesConstraint({ a: 1, b: 1 }, k))).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect([c('<'), c('<='), c('>'), c('>=')].map((k) => satisfiesConstraint({ a: 0, b: 1 }, k))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(satisfiesConstraints({ a: 0.4 }, [{ param: 'a', op: '<=', value: 0.3 }])).toBe(false);
    expect(
      satisfiesConstraints({ b: 0.4 }, [
        { param: 'a', op: '<=', value: 0.3 },
        { param: 'a', op: '<', other: 'b' },
      ]),
    ).toBe(true);
  });
});

describe('samplers with conditions and constraints', () => {
  const infeasible: Constraint[] = [{ param: 'lo', op: '>', value: 2 }];

  test('an infeasible space is a ConfigError naming the constraint, for every sampler', () => {
    const makers = [
      () => new RandomSampler(conditionalSpace, { constraints: infeasible }).suggest(0, 1, 1),
      () => new HaltonSampler(conditionalSpace, { constraints: infeasible }).suggest([], 1, 1),
      () => new GridSampler(conditionalSpace, { constraints: infeasible }).suggest([], 1, 1),
      () =>
        new TpeSampler(conditionalSpace, { constraints: infeasible, nStartupTrials: 1 }).suggest(
          sampleHistory(conditionalSpace, 4),
          1,
          1,
        ),
    ];
    for (const run of makers) {
      expect(run).toThrow(ConfigError);
      expect(run).toThrow(/infeasible/);
    }
    expect(makers[0]).toThrow(/search\.constraints\[0\] \(lo > 2\)/);
  });

  test('grid points that differ only in inactive params are one point', () => {
    const grid = new GridSampler(schedSpace, { gridPoints: 3 });
    expect(grid.size).toBe(1 + 3);
    const all = grid.suggest([], 4, 2);
    expect(new Set(all.map((p) => JSON.stringify(p))).size).toBe(4);
    expect(all.filter((p) => p.schedule === 'constant')).toEqual([{ schedule: 'constant' }]);
    const constrained = new GridSampler(schedSpace, {
      gridPoints: 3,
      constraints: [{ param: 'warmup', op: '<', value: 0.4 }],
    });
    expect(constrained.size).toBe(1 + 2);
  });

  test('TPE and GP model conditional history (their suggestions leave the startup sequence)', () => {
    const history = sampleHistory(conditionalSpace, 14, 99, conditionalConstraints);
    const halton = new HaltonSampler(conditionalSpace, { constraints: conditionalConstraints }).suggest(history, 3, 4);
    expect(
      new TpeSampler(conditionalSpace, { constraints: conditionalConstraints }).suggest(history, 3, 4),
    ).not.toEqual(halton);
    expect(
      new GpSampler(conditionalSpace, { constraints: conditionalConstraints, nCandidates: 64 }).suggest(history, 3, 4),
    ).not.toEqual(halton);
  });

  test('createSampler hands constraints to every kind', () => {
    const history = sampleHistory(conditionalSpace, 12, 3, conditionalConstraints);
    const configs = [
      { kind: 'random' },
      { kind: 'grid', gridPoints: 3 },
      { kind: 'halton', scramble: true },
      { kind: 'tpe', nStartupTrials: 10, nEiCandidates: 24, multivariate: false, constantLiar: true },
      {
        kind: 'gp',
        nStartupTrials: 10,
        nCandidates: 64,
        liar: 'worst',
        outputWarping: true,
        maxModelTrials: 100,
        costAware: true,
      },
    ] as const;
    for (const config of configs) {
      const out = createSampler(conditionalSpace, config, undefined, conditionalConstraints).suggest(history, 6, 8);
      expect(out.every((p) => satisfiesConstraints(p, conditionalConstraints))).toBe(true);
    }
  });

  test('createStudy validates and enforces constraints', async () => {
    const study = createStudy({ space: conditionalSpace, constraints: conditionalConstraints, seed: 3 });
    await study.optimize(toyObjective, 14, { parallelism: 2 });
    expect(
      study
        .trials()
        .every((t) => satisfiesConstraints(t.params, conditionalConstraints) && fitsSpace(conditionalSpace, t.params)),
    ).toBe(true);
    expect(() => createStudy({ space: conditionalSpace, constraints: [{ param: 'opt', op: '<', value: 1 }] })).toThrow(
      /constraints\.0\.param: .*categorical/,
    );
  });
});
