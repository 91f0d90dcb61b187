import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitLinearSvm, svmDecision } from '../../../../lib/models/sparse-linear/linear-svm';
import { fitLogistic, predictLogistic } from '../../../../lib/models/sparse-linear/logistic-regression';
import { fitTfidf, transformTfidf, type TfidfOptions } from '../../../../lib/models/sparse-linear/tfidf-vectorizer';

/**
 * Parity with scikit-learn 1.6.1 on 300 demo sentences (every 7th train row), from the committed
 * fixture written by `npx tsx bench/sparse-linear-vs-sklearn.ts --write-fixture`:
 * the same vocabulary, idf, TF-IDF values and (both fitted to tol 1e-8) the
 * same logistic-regression probabilities.
 */
interface Fixture {
  multiclass: { classes: number; input: Fixture['input']; reference: Fixture['reference'] };
  input: TfidfOptions & {
    c: number;
    maxIter: number;
    tol: number;
    trainTexts: string[];
    trainLabels: number[];
    testTexts: string[];
    svmC: number;
    idfTerms: string[];
    rowsToReport: number;
  };
  reference: {
    blocks: { size: number; idf: Record<string, number> }[];
    rows: Record<string, number>[][];
    testProbabilities: number[][];
    svmDecision: number[] | number[][];
  };
}

const fixture = JSON.parse(
  readFileSync(join(__dirname, '../../../fixtures/sklearn-tfidf-linear.json'), 'utf8'),
) as Fixture;
const { input, reference } = fixture;

function maxProbabilityDiff(probs: Float64Array, expected: number[][]): number {
  let maxDiff = 0;
  expected.forEach((p, r) => {
    for (let k = 0; k < p.length; k++) maxDiff = Math.max(maxDiff, Math.abs(probs[r * p.length + k] - p[k]));
  });
  return maxDiff;
}

describe('TF-IDF + logistic regression against scikit-learn', () => {
  const fitted = fitTfidf(input.trainTexts, input);

  it('keeps the same vocabulary size per block and the same idf', () => {
    expect(fitted.blocks.map((b) => b.terms.length)).toEqual(reference.blocks.map((b) => b.size));
    fitted.blocks.forEach((block, i) => {
      const idf = Object.fromEntries(block.terms.map((t, j) => [t, block.idf[j]]));
      const expected = reference.blocks[i].idf;
      expect(Object.keys(expected).length).toBeGreaterThan(2);
      for (const [term, value] of Object.entries(expected)) expect(idf[term]).toBeCloseTo(value, 12);
    });
  });

  it('gives the same TF-IDF values on the first rows', () => {
    const x = transformTfidf(fitted, input.trainTexts.slice(0, input.rowsToReport));
    let offset = 0;
    const columnsOf = fitted.blocks.map((b) => {
      const start = offset;
      offset += b.terms.length;
      return { start, terms: b.terms };
    });
    reference.rows.forEach((blocks, r) => {
      blocks.forEach((expected, b) => {
        const got: Record<string, number> = {};
        const { start, terms } = columnsOf[b];
        for (let p = x.indptr[r]; p < x.indptr[r + 1]; p++) {
          const col = x.indices[p] - start;
          if (col >= 0 && col < terms.length) got[terms[col]] = x.values[p];
        }
        expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
        for (const [term, value] of Object.entries(expected)) expect(got[term]).toBeCloseTo(value, 10);
      });
    });
  });

  it('fits logistic regression to the same probabilities', () => {
    const model = fitLogistic(transformTfidf(fitted, input.trainTexts), input.trainLabels, 2, {
      c: input.c,
      tol: input.tol,
      maxIter: input.maxIter,
    });
    expect(model.fit.reason).toBe('converged');
    const probs = predictLogistic(model, transformTfidf(fitted, input.testTexts));
    expect(reference.testProbabilities).toHaveLength(input.testTexts.length);
    expect(maxProbabilityDiff(probs, reference.testProbabilities)).toBeLessThan(1e-4);
  });

  it('fits the multinomial (3-class) loss to the same probabilities', () => {
    const { classes, input: mc, reference: ref } = fixture.multiclass;
    const model = fitLogistic(transformTfidf(fitted, mc.trainTexts), mc.trainLabels, classes, {
      c: mc.c,
      tol: mc.tol,
      maxIter: mc.maxIter,
    });
    expect(model.fit.reason).toBe('converged');
    expect(ref.testProbabilities[0]).toHaveLength(3);
    const probs = predictLogistic(model, transformTfidf(fitted, mc.testTexts));
    expect(maxProbabilityDiff(probs, ref.testProbabilities)).toBeLessThan(1e-4);
  });

  it.each([
    ['binary', () => ({ classes: 2, input, reference })],
    ['3-class one-vs-rest', () => fixture.multiclass],
  ])('fits the linear SVM (squared hinge, regularised intercept) to the same decision values: %s', (_, pick) => {
    const { classes, input: i, reference: ref } = pick();
    const svm = fitLinearSvm(transformTfidf(fitted, i.trainTexts), i.trainLabels, classes, { c: i.svmC, tol: 1e-9 });
    const d = svmDecision(svm, transformTfidf(fitted, i.testTexts));
    const expected = ref.svmDecision.flat();
    expect(expected).toHaveLength(i.testTexts.length * svm.outputs);
    let maxDiff = 0;
    expected.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(d[j] - v))));
    expect(maxDiff).toBeLessThan(1e-3);
  });
});
