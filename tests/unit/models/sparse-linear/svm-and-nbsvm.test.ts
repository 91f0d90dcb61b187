import {
  fitCalibratedSvm,
  predictCalibratedSvm,
  stratifiedFolds,
} from '../../../../lib/models/sparse-linear/calibrated-svm';
import { csrFromRows } from '../../../../lib/models/sparse-linear/csr-matrix';
import { fitPlattScaling, plattProbability } from '../../../../lib/models/sparse-linear/linear-svm';
import { fitNbSvm, predictNbSvm } from '../../../../lib/models/sparse-linear/nb-svm';
import { createRng } from '../../../../lib/core/rng';

/** 3 classes, 40 rows each: feature `class` is on with probability 0.9, plus 6 noise features. */
function toy(seed: number) {
  const rng = createRng(seed);
  const rows: Map<number, number>[] = [];
  const y: number[] = [];
  for (let i = 0; i < 120; i++) {
    const label = i % 3;
    const row = new Map<number, number>();
    if (rng.next() < 0.9) row.set(label, 1);
    for (let j = 3; j < 9; j++) if (rng.next() < 0.3) row.set(j, rng.next());
    if (row.size === 0) row.set(8, 0.5);
    rows.push(row);
    y.push(label);
  }
  return { x: csrFromRows(rows, 9), y };
}

const argmax = (p: Float64Array, r: number, k: number) => {
  let best = 0;
  for (let j = 1; j < k; j++) if (p[r * k + j] > p[r * k + best]) best = j;
  return best;
};

describe('calibrated linear SVM and NB-SVM', () => {
  const train = toy(1);
  const test = toy(2);

  it.each([
    ['calibrated SVM', () => predictCalibratedSvm(fitCalibratedSvm(train.x, train.y, 3, { c: 1, seed: 3 }), test.x)],
    ['NB-SVM', () => predictNbSvm(fitNbSvm(train.x, train.y, 3, { c: 1 }), test.x)],
  ])('%s: probabilities sum to 1 and beat chance clearly on held-out rows', (_, predict) => {
    const probs = predict();
    let correct = 0;
    for (let r = 0; r < test.x.rows; r++) {
      const sum = probs[3 * r] + probs[3 * r + 1] + probs[3 * r + 2];
      expect(sum).toBeCloseTo(1, 10);
      if (argmax(probs, r, 3) === test.y[r]) correct++;
    }
    expect(correct / test.x.rows).toBeGreaterThan(0.8);
  });

  it('Platt scaling is increasing in the margin and centred on well-separated data', () => {
    const f = [-3, -2, -1.5, -1, 1, 1.5, 2, 3];
    const s = fitPlattScaling(
      f,
      f.map((v) => v > 0),
    );
    expect(s.a).toBeLessThan(0); // P(positive) rises with the margin
    expect(plattProbability(s, 2)).toBeGreaterThan(0.8);
    expect(plattProbability(s, -2)).toBeLessThan(0.2);
  });

  it('stratified folds deal every label evenly', () => {
    const folds = stratifiedFolds(train.y, 5, 9);
    for (let f = 0; f < 5; f++) {
      const counts = [0, 1, 2].map((label) => train.y.filter((y, i) => y === label && folds[i] === f).length);
      expect(counts).toEqual([8, 8, 8]);
    }
  });
});
