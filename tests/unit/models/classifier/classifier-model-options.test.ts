import { ExperimentConfigSchema } from '../../../../configs/experiment-schema';
import { ConfigError } from '../../../../lib/core/errors';
import { classifierRunOptions, resolveClassWeighting } from '../../../../lib/models/classifier/classifier-run-options';

const base = {
  name: 'opts',
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  search: {
    maxTrials: 1,
    parallelism: 1,
    epochs: 1,
    space: { learningRate: { type: 'float', low: 0.001, high: 0.01 } },
  },
};

describe('config.model options', () => {
  test('are optional: an old config parses with none of them set', () => {
    const c = ExperimentConfigSchema.parse(base);
    // No family written: configs/family-spaces.ts derives it (text-classifier for a flat search.space).
    expect(c.model).toEqual({
      maxLen: 48,
      vocabSize: 8000,
      requireBackend: 'any',
      checkpointEveryMinutes: 10,
    });
  });

  test('parse when valid', () => {
    const model = {
      family: 'text-classifier',
      encoderOptions: { gruUnits: 16 },
      freeze: ['embedding', 'block*'],
      unfreezeEvery: 2,
      pretrainedVectors: 's3://bucket/vectors/glove.ffvec',
      classWeights: 'from-curation',
    };
    const c = ExperimentConfigSchema.parse({ ...base, model });
    expect(c.model).toMatchObject({ freeze: ['embedding', 'block*'], unfreezeEvery: 2, classWeights: 'from-curation' });
    expect(c.model.encoderOptions?.gruUnits).toBe(16);
  });

  test.each([
    [{ encoderOptions: { gruUnit: 16 } }, /gruUnit/],
    [{ encoderOptions: { cnnFilters: 0 } }, /cnnFilters/],
    [{ pretrainedVectors: 'file:///tmp/v.ffvec' }, /s3:\/\/bucket\/key/],
    [{ classWeights: 'inverse' }, /"none", "balanced" or "from-curation"/],
    [{ freeze: [''] }, /freeze pattern must not be empty/],
    [{ unfreezeEvery: -1 }, /unfreezeEvery/],
  ])('rejects %j', (extra, message) => {
    const r = ExperimentConfigSchema.safeParse({ ...base, model: { family: 'text-classifier', ...extra } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')).toMatch(message);
  });
});

describe('classifierRunOptions', () => {
  test('maps set options and leaves unset ones out', () => {
    expect(classifierRunOptions(undefined)).toEqual({});
    expect(
      classifierRunOptions({
        freeze: ['embedding'],
        unfreezeEvery: 0,
        encoderOptions: { cnnFilters: 4 },
        classWeights: 'balanced',
      }),
    ).toEqual({
      freeze: ['embedding'],
      unfreezeEvery: 0,
      model: { cnnFilters: 4 },
      classWeights: 'balanced',
    });
  });

  test("'from-curation' takes curation's weights, and needs them", () => {
    expect(resolveClassWeighting('from-curation', { a: 2, b: 0.5 })).toEqual({ a: 2, b: 0.5 });
    expect(resolveClassWeighting(undefined, { a: 2 })).toBeUndefined();
    expect(() => resolveClassWeighting('from-curation', undefined)).toThrow(ConfigError);
    expect(() => resolveClassWeighting('from-curation', {})).toThrow(/curation\.balance\.method/);
  });
});
