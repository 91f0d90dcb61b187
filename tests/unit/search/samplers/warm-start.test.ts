import { SearchSchema, type WarmStartConfig } from '../../../../configs/search-schema';
import { SearchSpaceSchema, type Params } from '../../../../lib/search/space/search-space-schema';
import { ConfigError } from '../../../../lib/core/errors';
import { GpSampler } from '../../../../lib/search/samplers/gp-sampler';
import { HaltonSampler } from '../../../../lib/search/samplers/halton-sampler';
import { createSampler } from '../../../../lib/search/samplers/sampler-registry';
import type { Sampler, TrialObservation } from '../../../../lib/search/types';
import { WarmStartSampler, warmStartFromTrials, warmStartHistory } from '../../../../lib/search/samplers/warm-start';

const space = SearchSpaceSchema.parse({
  x: { type: 'float', low: 0, high: 1 },
  opt: { type: 'categorical', choices: ['adam', 'sgd'] },
});
const objective = (p: Params): number => -(((p.x as number) - 0.62) ** 2) - (p.opt === 'sgd' ? 0.1 : 0);
const warm: WarmStartConfig = {
  source: 'sweep-2026-11-01/trials.json',
  trials: new HaltonSampler(space).suggest([], 12, 9).map((params) => ({ params, value: objective(params) })),
};

class Recorder implements Sampler {
  readonly kind = 'recorder';
  seen: TrialObservation[] = [];
  suggest(history: readonly TrialObservation[]): Params[] {
    this.seen = [...history];
    return [];
  }
}

describe('warm start', () => {
  test('warm trials come first, completed, with indices -W..-1, before the sweep history', () => {
    const rec = new Recorder();
    const own: TrialObservation = { index: 0, params: { opt: 'adam', x: 0.5 }, state: 'running' };
    const sampler = new WarmStartSampler(rec, space, warm);
    sampler.suggest([own], 1, 1);
    expect(rec.seen.map((t) => t.index)).toEqual([...Array.from({ length: 12 }, (_, i) => i - 12), 0]);
    expect(rec.seen.slice(0, 12).every((t) => t.state === 'completed' && t.value === objective(t.params))).toBe(true);
    expect(sampler.provenance).toEqual({
      source: warm.source,
      trials: 12,
      bestValue: Math.max(...warm.trials.map((t) => t.value)),
    });
    expect(sampler.kind).toBe('recorder');
  });

  test('a model sampler starts from the warm trials instead of its startup sequence', () => {
    const cold = createSampler(space, {
      kind: 'gp',
      nStartupTrials: 10,
      nCandidates: 128,
      liar: 'worst',
      outputWarping: true,
      maxModelTrials: 100,
      costAware: true,
    });
    const warmed = createSampler(
      space,
      {
        kind: 'gp',
        nStartupTrials: 10,
        nCandidates: 128,
        liar: 'worst',
        outputWarping: true,
        maxModelTrials: 100,
        costAware: true,
      },
      warm,
    );
    expect(cold.suggest([], 1, 4)).toEqual(new HaltonSampler(space).suggest([], 1, 4));
    const [first] = warmed.suggest([], 1, 4);
    const warmBest = Math.max(...warm.trials.map((t) => t.value));
    // The model's first pick lands near the optimum the warm trials point to.
    expect(first.opt).toBe('adam');
    expect(objective(first)).toBeGreaterThan(warmBest - 0.01);
    expect(warmed.suggest([], 1, 4)).toEqual(
      new GpSampler(space, { nCandidates: 128 }).suggest(warmStartHistory(space, warm), 1, 4),
    );
  });

  test('the config rejects warm trials that do not fit the space, naming the trial and field', () => {
    const base = { space, maxTrials: 5, parallelism: 1 };
    const ok = SearchSchema.safeParse({ ...base, warmStart: warm });
    expect(ok.success).toBe(true);
    const bad = SearchSchema.safeParse({
      ...base,
      warmStart: { source: 's', trials: [warm.trials[0], { params: { x: 2, opt: 'adam', lr: 1 }, value: 0 }] },
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^warmStart\.trials\.1\.params\.x: .*x=2 does not fit/),
        expect.stringMatching(/^warmStart\.trials\.1\.params\.lr: .*not a parameter/),
      ]),
    );
    expect(SearchSchema.safeParse({ ...base, warmStart: { source: '', trials: warm.trials } }).success).toBe(false);
  });

  test('the library API rejects a misfit trial with a ConfigError naming the row', () => {
    const bad: WarmStartConfig = { source: 's', trials: [{ params: { x: 0.5, opt: 'rmsprop' }, value: 1 }] };
    expect(() => new WarmStartSampler(new Recorder(), space, bad)).toThrow(ConfigError);
    expect(() => new WarmStartSampler(new Recorder(), space, bad)).toThrow(/search\.warmStart\.trials\[0\]/);
  });

  test('a finished sweep becomes a warm start: completed trials with finite scores, best first, at most --top, valid for the config', () => {
    const trials = [
      { status: 'completed', params: { x: 0.1, opt: 'adam' }, score: 0.5 },
      { status: 'failed', params: { x: 0.2, opt: 'adam' } },
      { status: 'completed', params: { x: 0.6, opt: 'adam' }, score: 0.9 },
      { status: 'pruned', params: { x: 0.3, opt: 'sgd' }, score: 0.95 },
      { status: 'completed', params: { x: 0.7, opt: 'sgd' }, score: Number.NaN },
      { status: 'completed', params: { x: 0.4, opt: 'sgd' }, score: 0.7 },
    ];
    const all = warmStartFromTrials('sweep-a', trials);
    expect(all).toEqual({
      source: 'sweep-a',
      trials: [
        { params: { x: 0.6, opt: 'adam' }, value: 0.9 },
        { params: { x: 0.4, opt: 'sgd' }, value: 0.7 },
        { params: { x: 0.1, opt: 'adam' }, value: 0.5 },
      ],
    });
    expect(warmStartFromTrials('sweep-a', trials, 2).trials.map((t) => t.value)).toEqual([0.9, 0.7]);
    expect(
      SearchSchema.safeParse({
        maxTrials: 5,
        parallelism: 1,
        space: { x: { type: 'float', low: 0, high: 1 }, opt: { type: 'categorical', choices: ['adam', 'sgd'] } },
        warmStart: all,
      }).success,
    ).toBe(true);
    expect(() => warmStartFromTrials('sweep-b', [{ status: 'failed', params: {} }])).toThrow(
      /sweep-b has no completed trial with a finite score/,
    );
  });
});
