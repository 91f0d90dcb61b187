import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { parseExperimentConfig } from '../../../configs/validate-config';
import { ConfigError } from '../../../lib/core/errors';
import { configFamilies } from '../../../configs/family-spaces';
import { DEFAULT_MAX_MODEL_TRIALS } from '../../../lib/search/samplers/gp-sampler';

const dir = path.resolve(__dirname, '../../../configs/experiments');
const minimal = {
  name: 'ok',
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  search: {
    maxTrials: 2,
    parallelism: 1,
    space: { learningRate: { type: 'float', low: 0.001, high: 0.1, log: true } },
  },
};

function errorOf(input: unknown): ConfigError {
  try {
    parseExperimentConfig(input);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

test.each(readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)))('example config %s is valid', (file) => {
  const config = parseExperimentConfig(YAML.parse(readFileSync(path.join(dir, file), 'utf8')), file);
  expect(config.schemaVersion).toBe(1);
});

test('defaults are filled in', () => {
  const config = parseExperimentConfig(minimal);
  expect(config.seed).toBe(42);
  expect(config.curation.split).toEqual({ val: 0.15, test: 0.15 });
  expect(config.search.sampler).toEqual({ kind: 'random' });
  expect(config.model.family).toBeUndefined(); // a flat search.space without a family: text-classifier
  expect(configFamilies(config)).toEqual(['text-classifier']);
  expect(config.ensemble).toEqual({ method: 'greedy', topK: 10, rounds: 25, metric: 'negLogLoss' });
  expect(config.evaluation.bootstrap.resamples).toBe(1000);
});

test("the gp sampler section defaults to the sampler library's own defaults", () => {
  const config = parseExperimentConfig({ ...minimal, search: { ...minimal.search, sampler: { kind: 'gp' } } });
  expect(config.search.sampler).toMatchObject({ kind: 'gp', maxModelTrials: DEFAULT_MAX_MODEL_TRIALS });
});

test('every bad field is named once, with a fix', () => {
  const err = errorOf({
    ...minimal,
    name: 'Has Spaces',
    search: { maxTrials: 0, parallelism: 0, space: { learningRate: { type: 'float', low: -1, high: 0.1, log: true } } },
  });
  expect(err.retryable).toBe(false);
  expect(err.message).toMatch(/^Invalid config \(4 problems\):/);
  expect(err.message).toContain('- name: name must be lowercase');
  expect(err.message).toContain('- search.maxTrials: maxTrials must be at least 1');
  expect(err.message).toContain('- search.parallelism: parallelism must be at least 1');
  expect(err.message).toContain('- search.space.learningRate.low: log scale needs low > 0 (got -1)');
});

test('typos are unknown keys, not silently ignored', () => {
  const err = errorOf({ ...minimal, serach: {} });
  expect(err.message).toContain('- (root): unknown key(s) "serach"');
});

test.each([
  [{ ...minimal, search: { ...minimal.search, space: {} } }, '- search.space: the search space is empty'],
  [
    { ...minimal, search: { ...minimal.search, space: { momentum: { type: 'float', low: 0, high: 1 } } } },
    '"momentum" is not a hyperparameter of text-classifier',
  ],
  [
    { ...minimal, search: { ...minimal.search, space: { learningRate: { type: 'float', low: 1, high: 0.1 } } } },
    'high (0.1) must be greater than low (1)',
  ],
  [
    { ...minimal, search: { ...minimal.search, sampler: { kind: 'annealing' } } },
    '- search.sampler.kind: search.sampler.kind must be one of "random", "grid", "halton", "tpe", "gp"',
  ],
  [
    { ...minimal, dataset: { source: { kind: 'uri', uri: 'http://x/y' } } },
    '- dataset.source.uri: uri must start with s3:// or file://',
  ],
  [{ ...minimal, curation: { split: { val: 0.5, test: 0.45 } } }, 'val + test must leave at least 10% for training'],
  [{ ...minimal, schemaVersion: 2 }, '- schemaVersion: schemaVersion must be 1'],
])('rejects %#', (input, expected) => {
  expect(errorOf(input).message).toContain(expected);
});

test.each([null, 'text', 42, [minimal]])('a non-object config (%p) gets a clear message', (input) => {
  expect(errorOf(input).message).toMatch(/expected a JSON object with at least "name", "dataset" and "search"/);
});

test('search.budget.onDeadline is optional (configs without it parse unchanged) and cancel needs a deadline', () => {
  expect(parseExperimentConfig(minimal).search.budget).toEqual({});
  const withBudget = (budget: object) => ({ ...minimal, search: { ...minimal.search, budget } });
  expect(parseExperimentConfig(withBudget({ maxWallSeconds: 60, onDeadline: 'cancel' })).search.budget).toEqual({
    maxWallSeconds: 60,
    onDeadline: 'cancel',
  });
  expect(errorOf(withBudget({ onDeadline: 'cancel' })).message).toBe(
    'Invalid config (1 problem):\n- search.budget.onDeadline: onDeadline "cancel" needs a deadline: set search.budget.maxWallSeconds',
  );
  expect(errorOf(withBudget({ maxWallSeconds: 60, onDeadline: 'abort' })).message).toContain(
    '- search.budget.onDeadline:',
  );
});
