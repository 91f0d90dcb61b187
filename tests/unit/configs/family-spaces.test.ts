import { parseExperimentConfig } from '../../../configs/validate-config';
import {
  configFamilies,
  sweepEnqueued,
  DEFAULT_FAMILY_SPACES,
  FAMILY_HYPERPARAMS,
  sweepSpace,
  trialFamily,
} from '../../../configs/family-spaces';
import { MODEL_FAMILIES } from '../../../lib/models/model-family';
import { createSampler } from '../../../lib/search/samplers/sampler-registry';
import { joinSubSpaces, splitSubSpaceParams } from '../../../lib/search/space/sub-spaces';

const base = {
  name: 'families',
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' }, labels: ['negative', 'positive'] },
};

describe('one sweep over several families', () => {
  it('joins sub-spaces as conditional parameters and splits a point back into family + own params', () => {
    const space = joinSubSpaces('family', {
      a: { x: { type: 'float', low: 0, high: 1, log: false } },
      b: {
        kind: { type: 'categorical', choices: ['p', 'q'] },
        y: { type: 'int', low: 1, high: 3, log: false, condition: { parent: 'kind', values: ['q'] } },
      },
    });
    expect(space.family).toEqual({ type: 'categorical', choices: ['a', 'b'] });
    expect(space['a.x'].condition).toEqual({ parent: 'family', values: ['a'] });
    expect(space['b.y'].condition).toEqual({ parent: 'b.kind', values: ['q'] });
    expect(splitSubSpaceParams('family', { family: 'b', 'b.kind': 'q', 'b.y': 2 })).toEqual({
      choice: 'b',
      params: { kind: 'q', y: 2 },
    });
    expect(splitSubSpaceParams('family', { x: 1 })).toBeUndefined();
  });

  it('a minimal config (no family, no space) searches every family with the default sub-spaces', () => {
    const config = parseExperimentConfig({ ...base, search: { maxTrials: 6, parallelism: 1 } });
    // pretrained-transformer joins the default search only with a base model to fine-tune.
    expect(configFamilies(config)).toEqual(['tfidf-linear', 'text-classifier']);
    const withBase = parseExperimentConfig({
      ...base,
      model: { baseModel: 'all-minilm-l6-v2' },
      search: { maxTrials: 6, parallelism: 1 },
    });
    expect(configFamilies(withBase)).toEqual([...MODEL_FAMILIES]);
    const space = sweepSpace(config);
    expect(space.family).toEqual({ type: 'categorical', choices: ['tfidf-linear', 'text-classifier'] });
    expect(Object.keys(space)).toContain('tfidf-linear.c');
    expect(Object.keys(space)).toContain('text-classifier.learningRate');
    // Every suggestion names one family and only that family's parameters, which its schema accepts.
    const sampler = createSampler(space, { kind: 'random' });
    const families = new Set<string>();
    for (const params of sampler.suggest([], 40, 1)) {
      const { family, params: own } = trialFamily(config, params);
      families.add(family);
      expect(() => (FAMILY_HYPERPARAMS[family] as unknown as { parse(v: unknown): unknown }).parse(own)).not.toThrow();
    }
    expect([...families].sort()).toEqual(['text-classifier', 'tfidf-linear']);
    // ... and it starts with the known-good tfidf-linear points, as points of the joined space.
    expect(sweepEnqueued(config)).toEqual([
      { family: 'tfidf-linear', 'tfidf-linear.classifier': 'nb-svm', 'tfidf-linear.c': 3 },
      { family: 'tfidf-linear', 'tfidf-linear.classifier': 'logistic', 'tfidf-linear.c': 10 },
    ]);
    const first = createSampler(space, { kind: 'random' }, undefined, [], sweepEnqueued(config)).suggest([], 2, 1);
    expect(first.map((p) => trialFamily(config, p))).toEqual([
      { family: 'tfidf-linear', params: { classifier: 'nb-svm', c: 3 } },
      { family: 'tfidf-linear', params: { classifier: 'logistic', c: 10 } },
    ]);
  });

  it('a config with its own space enqueues nothing unless it says so; a bad enqueued point is refused', () => {
    const space = { c: { type: 'float', low: 1, high: 10 } };
    const own = parseExperimentConfig({
      ...base,
      model: { family: 'tfidf-linear' },
      search: { maxTrials: 2, parallelism: 1, space },
    });
    expect(sweepEnqueued(own)).toEqual([]);
    expect(() =>
      parseExperimentConfig({
        ...base,
        model: { family: 'tfidf-linear' },
        search: { maxTrials: 2, parallelism: 1, space, enqueue: [{ c: 50 }] },
      }),
    ).toThrow('search.enqueue[0] {"c":50} is not a point of the searched space');
  });

  it('default sub-spaces only name their own family parameters', () => {
    for (const f of MODEL_FAMILIES)
      for (const name of Object.keys(DEFAULT_FAMILY_SPACES[f]))
        expect(FAMILY_HYPERPARAMS[f].shape).toHaveProperty(name);
  });

  it('model.family lists the families; search.families gives the sub-spaces (missing ones get the default)', () => {
    const config = parseExperimentConfig({
      ...base,
      model: { family: ['tfidf-linear', 'text-classifier'] },
      search: {
        maxTrials: 4,
        parallelism: 1,
        families: { 'tfidf-linear': { c: { type: 'float', low: 1, high: 10, log: true } } },
      },
    });
    const space = sweepSpace(config);
    expect(space['tfidf-linear.c']).toMatchObject({ low: 1, high: 10 });
    expect(space['tfidf-linear.classifier']).toBeUndefined();
    expect(space['text-classifier.learningRate']).toEqual({
      ...DEFAULT_FAMILY_SPACES['text-classifier'].learningRate,
      condition: { parent: 'family', values: ['text-classifier'] },
    });
    expect(trialFamily(config, { family: 'tfidf-linear', 'tfidf-linear.c': 3 })).toEqual({
      family: 'tfidf-linear',
      params: { c: 3 },
    });
    expect(() => trialFamily(config, { c: 3 })).toThrow('name no family');
  });

  it('one family keeps its flat names; tfidf-linear alone searches its own parameters', () => {
    const config = parseExperimentConfig({
      ...base,
      model: { family: 'tfidf-linear' },
      search: { maxTrials: 2, parallelism: 1, space: { c: { type: 'float', low: 1, high: 10 } } },
    });
    expect(sweepSpace(config)).toEqual({ c: { type: 'float', low: 1, high: 10, log: false } });
    expect(trialFamily(config, { c: 2 })).toEqual({ family: 'tfidf-linear', params: { c: 2 } });
  });

  it('constraints of a cross-family sweep name the joined parameters', () => {
    expect(() =>
      parseExperimentConfig({
        ...base,
        search: { maxTrials: 4, parallelism: 1, constraints: [{ param: 'warmupFraction', op: '<=', value: 0.2 }] },
      }),
    ).toThrow('"warmupFraction" is not a parameter of search.space');
    expect(() =>
      parseExperimentConfig({
        ...base,
        search: {
          maxTrials: 4,
          parallelism: 1,
          constraints: [{ param: 'text-classifier.learningRate', op: '<=', value: 0.02 }],
        },
      }),
    ).not.toThrow();
  });
});
