import {
  accuracy,
  argmaxRows,
  confusionMatrix,
  logLoss,
  macroF1,
  perClassScores,
} from '../../../lib/metrics/classification';
import { averageProbabilities, selectTopK } from '../../../lib/ensemble/average-top-k';

// Hand-computed: yTrue = [0,0,1,1,2,2], yPred = [0,1,1,1,2,0]
const yTrue = [0, 0, 1, 1, 2, 2];
const yPred = [0, 1, 1, 1, 2, 0];

test('confusion matrix and accuracy', () => {
  expect(confusionMatrix(yTrue, yPred, 3)).toEqual([
    [1, 1, 0],
    [0, 2, 0],
    [1, 0, 1],
  ]);
  expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 12);
});

test('per-class and macro F1 match hand computation (sklearn conventions)', () => {
  const s = perClassScores(yTrue, yPred, 3);
  expect(s.precision).toEqual([0.5, 2 / 3, 1]);
  expect(s.recall).toEqual([0.5, 1, 0.5]);
  expect(s.f1[0]).toBeCloseTo(0.5, 12);
  expect(s.f1[1]).toBeCloseTo(0.8, 12);
  expect(s.f1[2]).toBeCloseTo(2 / 3, 12);
  expect(macroF1(yTrue, yPred, 3)).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
  // A class never predicted and never present scores 0 (zero_division=0).
  expect(macroF1([0, 0], [0, 0], 2)).toBeCloseTo(0.5, 12);
});

test('log loss and argmax', () => {
  expect(
    logLoss(
      [0, 1],
      [
        [0.8, 0.2],
        [0.4, 0.6],
      ],
    ),
  ).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
  expect(
    argmaxRows([
      [0.1, 0.9],
      [0.5, 0.5],
    ]),
  ).toEqual([1, 0]);
});

test('ensemble averaging and top-k selection', () => {
  expect(averageProbabilities([[[1, 0]], [[0, 1]]])).toEqual([[0.5, 0.5]]);
  expect(() => averageProbabilities([[[1, 0]], [[1, 0, 0]]])).toThrow(/same examples and classes/);
  const top = selectTopK(
    [
      { id: 'a', score: 0.5 },
      { id: 'b', score: NaN },
      { id: 'c', score: 0.9 },
      { id: 'd', score: 0.5 },
    ],
    3,
  );
  expect(top.map((t) => t.id)).toEqual(['c', 'a', 'd']);
});
