/**
 * TF-IDF + logistic regression here (lib/models/sparse-linear) against
 * scikit-learn's TfidfVectorizer + LogisticRegression(lbfgs), same rows,
 * same features, same C, side by side in one run.
 *
 *   npx tsx bench/sparse-linear-vs-sklearn.ts [--c 10] [--svm-c 0.5] [--max-iter 100]
 *   npx tsx bench/sparse-linear-vs-sklearn.ts --write-fixture   # regenerates tests/fixtures/sklearn-tfidf-linear.json
 *
 * Data: the demo's UCI sentiment sentences, split as the demo splits them
 * (splitStratified, seed 42, val 0.15, test 0.15). Prints vocabulary sizes,
 * test accuracy and macro-F1 of logistic regression, the linear SVM and the
 * calibrated SVM here and in scikit-learn (LogisticRegression, LinearSVC,
 * CalibratedClassifierCV(method='sigmoid', ensemble=False)), and NB-SVM
 * (here only), each gap (goal: within 0.5 point), and feature + fit times. scikit-learn comes from PyPI into
 * out/.venv-sklearn (the metrics bench's venv; created on first use).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Example } from '../lib/core/example';
import { splitStratified } from '../lib/data/split/split-stratified';
import { accuracy } from '../lib/metrics/classification';
import { f1Score } from '../lib/metrics/classification-report';
import { fitCalibratedSvm, predictCalibratedSvm } from '../lib/models/sparse-linear/calibrated-svm';
import { fitLinearSvm, svmPredictClasses } from '../lib/models/sparse-linear/linear-svm';
import { fitLogistic, predictLogistic } from '../lib/models/sparse-linear/logistic-regression';
import { fitNbSvm, predictNbSvm } from '../lib/models/sparse-linear/nb-svm';
import { fitTfidf, transformTfidf, type TfidfOptions } from '../lib/models/sparse-linear/tfidf-vectorizer';
import { ensureSklearn, SKLEARN_PY, SKLEARN_VERSION } from './sklearn-venv';
import { sentimentExamples } from './sentiment-examples';

const OUT = join('out', 'sparse-linear-vs-sklearn');
export const TFIDF_FIXTURE_PATH = join('tests', 'fixtures', 'sklearn-tfidf-linear.json');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The features both sides use: word 1-2-grams and char_wb 2-5-grams, sublinear tf, min_df 2. */
export const BENCH_TFIDF: TfidfOptions = {
  analyzers: [
    { kind: 'word', minN: 1, maxN: 2 },
    { kind: 'char_wb', minN: 2, maxN: 5 },
  ],
  lowercase: true,
  sublinearTf: true,
  minDf: 2,
};

export interface SklearnTfidfLinear {
  blocks: { size: number; idf: Record<string, number> }[];
  rows: Record<string, number>[][];
  testProbabilities: number[][];
  iterations: number;
  featuresSeconds: number;
  fitSeconds: number;
  svmDecision?: number[] | number[][];
  svmPredictions?: number[];
  svmFitSeconds?: number;
  calibratedProbabilities?: number[][];
}

function runSklearn(input: object): SklearnTfidfLinear {
  ensureSklearn();
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, 'input.json');
  writeFileSync(file, JSON.stringify(input));
  return JSON.parse(
    execFileSync(SKLEARN_PY, [join('bench', 'sklearn_tfidf_linear.py'), file], { maxBuffer: 1 << 30 }).toString(),
  ) as SklearnTfidfLinear;
}

function demoSplit(): { train: Example[]; test: Example[]; labels: string[] } {
  const rows = sentimentExamples().map((r) => ({ ...r, text: r.text.toLowerCase() }));
  const { train, test } = splitStratified(rows, { val: 0.15, test: 0.15, seed: 42 });
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  return { train, test, labels };
}

function writeFixture(): void {
  const { train, test, labels } = demoSplit();
  // Every 7th row, so all three source sites (file order) are present.
  const small = { train: train.filter((_, i) => i % 7 === 0), test: test.filter((_, i) => i % 7 === 0) };
  const c = 4;
  const input = {
    ...BENCH_TFIDF,
    c,
    maxIter: 500,
    tol: 1e-8,
    trainTexts: small.train.map((r) => r.text),
    trainLabels: small.train.map((r) => labels.indexOf(r.label)),
    testTexts: small.test.map((r) => r.text),
    svm: true,
    svmC: 0.5,
    svmTol: 1e-10,
    svmMaxIter: 100_000,
    idfTerms: ['the', 'good', 'not good', ' go', 'ood ', 'bad', ' a '],
    rowsToReport: 5,
  };
  const reference = runSklearn(input);
  // A 3-class case (multinomial loss): which site each sentence came from (amazon, imdb, yelp).
  const source = (r: Example) => r.id.replace(/-\d+$/, '');
  const sources = [...new Set(small.train.map(source))].sort();
  const multiclassInput = {
    ...input,
    trainLabels: small.train.map((r) => sources.indexOf(source(r))),
    idfTerms: [],
    rowsToReport: 0,
  };
  const multiclass = { classes: sources.length, input: multiclassInput, reference: runSklearn(multiclassInput) };
  mkdirSync(join('tests', 'fixtures'), { recursive: true });
  writeFileSync(
    TFIDF_FIXTURE_PATH,
    JSON.stringify({ sklearnVersion: SKLEARN_VERSION, input, reference, multiclass }) + '\n',
  );
  console.log(`wrote ${TFIDF_FIXTURE_PATH}`);
}

function argmax(p: ArrayLike<number>, r: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (p[r * k + j] > p[r * k + best]) best = j;
  return best;
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, (performance.now() - t0) / 1000];
}

function main(): void {
  if (process.argv.includes('--write-fixture')) return writeFixture();
  const c = Number(arg('c', '10'));
  const svmC = Number(arg('svm-c', '0.5'));
  const maxIter = Number(arg('max-iter', '100'));
  const { train, test, labels } = demoSplit();
  const k = labels.length;
  const yTrain = train.map((r) => labels.indexOf(r.label));
  const yTest = test.map((r) => labels.indexOf(r.label));
  console.log(`$ npx tsx bench/sparse-linear-vs-sklearn.ts ${process.argv.slice(2).join(' ')}`);
  console.log(
    `demo split: ${train.length} train / ${test.length} test rows, ${k} classes; logistic C ${c}, SVM C ${svmC}`,
  );
  const [fitted, featurise] = timed(() => {
    const f = fitTfidf(
      train.map((r) => r.text),
      BENCH_TFIDF,
    );
    return {
      f,
      x: transformTfidf(
        f,
        train.map((r) => r.text),
      ),
    };
  });
  const xTrain = fitted.x;
  const xTest = transformTfidf(
    fitted.f,
    test.map((r) => r.text),
  );
  const classesOf = (probs: ArrayLike<number>) => yTest.map((_, r) => argmax(probs, r, k));
  const [lr, lrSec] = timed(() => fitLogistic(xTrain, yTrain, k, { c, maxIter }));
  const [svm, svmSec] = timed(() => fitLinearSvm(xTrain, yTrain, k, { c: svmC }));
  const [calibrated, calSec] = timed(() => fitCalibratedSvm(xTrain, yTrain, k, { c: svmC, seed: 42 }));
  const [nb, nbSec] = timed(() => fitNbSvm(xTrain, yTrain, k, { c, maxIter }));
  const reference = runSklearn({
    ...BENCH_TFIDF,
    c,
    maxIter,
    tol: 1e-4,
    trainTexts: train.map((r) => r.text),
    trainLabels: yTrain,
    testTexts: test.map((r) => r.text),
    svm: true,
    svmC,
    svmTol: 1e-4,
    svmMaxIter: 1000,
  });
  const width = fitted.f.blocks.reduce((sum, b) => sum + b.terms.length, 0);
  const refWidth = reference.blocks.reduce((sum, b) => sum + b.size, 0);
  console.log(
    `\nfeatures: ${width} here (featurise ${featurise.toFixed(2)} s), ${refWidth} in sklearn (${reference.featuresSeconds.toFixed(2)} s)\n`,
  );
  const row = (name: string, pred: number[], fitSec?: number) =>
    console.log(
      `  ${name.padEnd(34)} accuracy ${(100 * accuracy(yTest, pred)).toFixed(2)}%  macro-F1 ${(
        100 * f1Score(yTest, pred, k, 'macro')
      ).toFixed(2)}${fitSec === undefined ? '' : `  fit ${fitSec.toFixed(2)} s`}`,
    );
  const ours = {
    lr: classesOf(predictLogistic(lr, xTest)),
    svm: svmPredictClasses(svm, xTest),
    calibrated: classesOf(predictCalibratedSvm(calibrated, xTest)),
    nb: classesOf(predictNbSvm(nb, xTest)),
  };
  const theirs = {
    lr: reference.testProbabilities.map((p) => argmax(p, 0, k)),
    svm: reference.svmPredictions!,
    calibrated: reference.calibratedProbabilities!.map((p) => argmax(p, 0, k)),
  };
  row('logistic regression (here)', ours.lr, lrSec);
  row(`logistic regression (sklearn ${SKLEARN_VERSION})`, theirs.lr, reference.fitSeconds);
  row('linear SVM (here)', ours.svm, svmSec);
  row(`LinearSVC (sklearn)`, theirs.svm, reference.svmFitSeconds);
  row('calibrated linear SVM (here, 5 folds)', ours.calibrated, calSec);
  row('CalibratedClassifierCV(LinearSVC) (sklearn)', theirs.calibrated);
  row('NB-SVM (NB-LR, here; no sklearn counterpart)', ours.nb, nbSec);
  console.log('');
  for (const [name, a, b] of [
    ['logistic regression', ours.lr, theirs.lr],
    ['linear SVM', ours.svm, theirs.svm],
    ['calibrated linear SVM', ours.calibrated, theirs.calibrated],
  ] as const) {
    const gap = 100 * (accuracy(yTest, a) - accuracy(yTest, b));
    const agree = a.filter((p, i) => p === b[i]).length;
    console.log(
      `  ${name.padEnd(22)} vs sklearn: ${gap >= 0 ? '+' : ''}${gap.toFixed(2)} point, same prediction on ${agree}/${a.length} rows: ${gap >= -0.5 ? 'MET' : 'NOT MET'} (goal: within 0.5 point)`,
    );
  }
}

main();
