import { crossValidationFolds } from '../../../../lib/data/split/cross-validation-folds';
import { parseExperimentConfig } from '../../../../configs/validate-config';
import type { Example } from '../../../../lib/core/example';

const rows: Example[] = Array.from({ length: 60 }, (_, i) => ({
  id: `r${i}`,
  text: `text ${i}`,
  label: i % 3 === 0 ? 'a' : 'b',
  group: `g${i % 12}`,
}));

test('every row is validated exactly once and never trained on in its own fold', () => {
  const folds = crossValidationFolds(rows, 4, 7);
  const seen = folds.flatMap((f) => f.val.map((r) => r.id)).sort();
  expect(seen).toEqual(rows.map((r) => r.id).sort());
  for (const f of folds) {
    expect(f.train.length + f.val.length).toBe(rows.length);
    const val = new Set(f.val.map((r) => r.id));
    expect(f.train.some((r) => val.has(r.id))).toBe(false);
    // Stratified: each fold keeps both labels in its validation part.
    expect(new Set(f.val.map((r) => r.label)).size).toBe(2);
  }
  expect(crossValidationFolds(rows, 4, 7)).toEqual(folds);
  expect(crossValidationFolds(rows, 4, 8)).not.toEqual(folds);
});

test('group-aware folds never split a group', () => {
  for (const f of crossValidationFolds(rows, 3, 1, 'group')) {
    const trainGroups = new Set(f.train.map((r) => r.group));
    expect(f.val.some((r) => trainGroups.has(r.group))).toBe(false);
  }
});

test('too many folds for the data is a clear error', () => {
  expect(() => crossValidationFolds(rows.slice(0, 3), 5, 1)).toThrow(/k=5 is larger than the 3 rows|would be empty/);
});

test('cross-validation with a pruner is rejected in the config, naming the field', () => {
  expect(() =>
    parseExperimentConfig({
      name: 'cv',
      dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
      search: {
        maxTrials: 2,
        parallelism: 1,
        crossValidation: { folds: 3 },
        pruner: { kind: 'median' },
        space: { learningRate: { type: 'float', low: 0.001, high: 0.1 } },
      },
    }),
  ).toThrow(/- search\.pruner: pruning is not supported with crossValidation/);
});
