import { DataError } from '../../../lib/core/errors';
import { greedyEnsembleSelection, predictEnsemble } from '../../../lib/ensemble/greedy-selection';
import { majorityVote, majorityVoteFromProbabilities } from '../../../lib/ensemble/majority-vote';
import { fitStacking, predictStacking, stratifiedFolds } from '../../../lib/ensemble/stacking';
import { accuracy, argmaxRows } from '../../../lib/metrics/classification';

const N = 20;
const y = Array.from({ length: N }, (_, i) => i % 2);
const row = (label: number, pRight: number): number[] => (label === 1 ? [1 - pRight, pRight] : [pRight, 1 - pRight]);
// A: confident and right on the first 60%, mildly wrong after; B: the mirror image.
const A = { id: 'a', probabilities: y.map((t, i) => row(t, i < 12 ? 0.9 : 0.4)) };
const B = { id: 'b', probabilities: y.map((t, i) => row(t, i < 12 ? 0.4 : 0.9)) };
const D = { id: 'd', probabilities: y.map(() => [0.5, 0.5]) };

test('greedy selection picks the two complementary members, half weight each', () => {
  const r = greedyEnsembleSelection([D, B, A], y, { metric: 'accuracy', rounds: 5 });
  expect(r.bestSingle).toEqual({ id: 'a', validationScore: 0.6 });
  expect(r.members).toEqual([
    { id: 'a', count: 1, weight: 0.5 },
    { id: 'b', count: 1, weight: 0.5 },
  ]);
  expect(r.validationScore).toBe(1);
  expect(r.trajectory.slice(0, 2).map((s) => [s.addedId, s.score])).toEqual([
    ['a', 0.6],
    ['b', 1],
  ]);
  // Without early stopping all 5 rounds run, but the best prefix (size 2) is returned.
  expect(r.trajectory).toHaveLength(6);
  const stopped = greedyEnsembleSelection([D, B, A], y, { metric: 'accuracy', rounds: 5, stopWhenNoImprovement: true });
  expect(stopped.trajectory).toHaveLength(2);
  expect(stopped.members).toEqual(r.members);
});

test('the selected ensemble predicts another split by weighted averaging', () => {
  const r = greedyEnsembleSelection([A, B, D], y, { metric: 'accuracy' });
  const probs = predictEnsemble(r.members, [A, B, D]);
  expect(probs[0]).toEqual([0.65, 0.35]);
  expect(accuracy(y, argmaxRows(probs))).toBe(1);
  expect(() => predictEnsemble(r.members, [A])).toThrow(/member "b"/);
});

test('bagged selection is seeded and sums counts over bags', () => {
  const opts = { metric: 'negLogLoss' as const, rounds: 3, bagging: { bags: 4, fraction: 0.67 }, seed: 11 };
  const r1 = greedyEnsembleSelection([A, B, D], y, opts);
  expect(greedyEnsembleSelection([A, B, D], y, opts)).toEqual(r1);
  expect(new Set(r1.trajectory.map((s) => s.bag))).toEqual(new Set([0, 1, 2, 3]));
  expect(r1.members.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(1, 12);
  expect(r1.size).toBe(r1.members.reduce((s, m) => s + m.count, 0));
});

test('mismatched members are rejected with the member named', () => {
  expect(() => greedyEnsembleSelection([A, { id: 'x', probabilities: [[1, 0]] }], y)).toThrow(DataError);
  expect(() => greedyEnsembleSelection([A, { ...B, id: 'a' }], y)).toThrow(/appears twice/);
  expect(() => greedyEnsembleSelection([], y)).toThrow(/at least one member/);
});

test('majority vote: weights, tie-break by scores, lowest class otherwise', () => {
  const labels = [
    [0, 1, 2],
    [1, 1, 0],
    [1, 2, 2],
  ];
  expect(majorityVote(labels, 3)).toEqual([1, 1, 2]);
  expect(majorityVote(labels, 3, { weights: [3, 1, 1] })).toEqual([0, 1, 2]);
  expect(majorityVote([[0], [1]], 2)).toEqual([0]);
  expect(majorityVote([[0], [1]], 2, { tieBreak: [[0.4, 0.6]] })).toEqual([1]);
  expect(() => majorityVote([[0, 3]], 3)).toThrow(/label 3/);
  // A and B always disagree: their 1-1 tie goes to the higher mean probability (0.65 on the true class).
  expect(majorityVoteFromProbabilities([A, B])).toEqual(y);
  // Adding the always-class-0 member D turns every tie into a 0 vote: voting ignores confidence.
  expect(majorityVoteFromProbabilities([A, B, D])).toEqual(y.map(() => 0));
});

test('stacking learns to invert an anti-correlated member; cross-fitted score is honest and deterministic', () => {
  const yy = Array.from({ length: 40 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
  const liar = { id: 'liar', probabilities: yy.map((t) => row(t, 0.2)) };
  const noise = { id: 'noise', probabilities: yy.map((_, i) => (i % 2 ? [0.6, 0.4] : [0.4, 0.6])) };
  const opts = { metric: 'accuracy' as const, folds: 4, iterations: 300 };
  const r = fitStacking([liar, noise], yy, opts);
  expect(accuracy(yy, argmaxRows(liar.probabilities))).toBe(0);
  expect(r.crossFitScore).toBe(1);
  expect(r.foldScores).toHaveLength(4);
  expect(fitStacking([liar, noise], yy, opts)).toEqual(r);
  const testY = [1, 0, 0, 1];
  const test = [
    { id: 'noise', probabilities: testY.map(() => [0.5, 0.5]) },
    { id: 'liar', probabilities: testY.map((t) => row(t, 0.2)) },
  ];
  expect(argmaxRows(predictStacking(r.model, test))).toEqual(testY);
  expect(() => fitStacking([liar], yy.slice(0, 3).concat(), { folds: 5 })).toThrow(DataError);
});

test('stratified folds spread every class over the folds', () => {
  const labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
  const f = stratifiedFolds(labels, 4, 3);
  for (let k = 0; k < 4; k++) expect(f.filter((v, i) => v === k && labels[i] === 1)).toHaveLength(2);
  expect(f.filter((v, i) => labels[i] === 0).sort()).toEqual([0, 1, 2, 3]);
});
