/**
 * TF-IDF + logistic regression here (lib/models/sparse-linear) against
 * scikit-learn's TfidfVectorizer + LogisticRegression(lbfgs), same rows,
 * same features, same C, side by side in one run.
 *
 *   npx tsx bench/sparse-linear-vs-sklearn.ts [--c 10] [--max-iter 100]
 *   npx tsx bench/sparse-linear-vs-sklearn.ts --write-fixture   # regenerates tests/fixtures/sklearn-tfidf-linear.json
 *
 * Data: the demo's UCI sentiment sentences, split as the demo splits them
 * (splitStratified, seed 42, val 0.15, test 0.15). Prints vocabulary sizes,
 * test accuracy and macro-F1 of both, the accuracy gap (goal: within 0.5
 * point), and feature + fit times. scikit-learn comes from PyPI into
 * out/.venv-sklearn (the metrics bench's venv; created on first use).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Example } from '../lib/core/example';
import { splitStratified } from '../lib/data/split/split-stratified';
import { accuracy } from '../lib/metrics/classification';
import { f1Score } from '../lib/metrics/classification-report';
import { fitLogistic, predictLogistic } from '../lib/models/sparse-linear/logistic-regression';
import { fitTfidf, transformTfidf, type TfidfOptions } from '../lib/models/sparse-linear/tfidf-vectorizer';
import { SKLEARN_VERSION } from './metrics-vs-sklearn';
import { sentimentExamples } from './sentiment-examples';

const VENV = join('out', '.venv-sklearn');
const PY = join(VENV, 'bin', 'python');
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

function ensureSklearn(): void {
  if (!existsSync(PY)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  try {
    execFileSync(PY, ['-c', `import sklearn, scipy; assert sklearn.__version__ == '${SKLEARN_VERSION}'`], {
      stdio: 'ignore',
    });
  } catch {
    execFileSync(join(VENV, 'bin', 'pip'), ['install', '--quiet', `scikit-learn==${SKLEARN_VERSION}`], {
      stdio: 'inherit',
    });
  }
}

export interface SklearnTfidfLinear {
  blocks: { size: number; idf: Record<string, number> }[];
  rows: Record<string, number>[][];
  testProbabilities: number[][];
  iterations: number;
  featuresSeconds: number;
  fitSeconds: number;
}

function runSklearn(input: object): SklearnTfidfLinear {
  ensureSklearn();
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, 'input.json');
  writeFileSync(file, JSON.stringify(input));
  return JSON.parse(
    execFileSync(PY, [join('bench', 'sklearn_tfidf_linear.py'), file], { maxBuffer: 1 << 30 }).toString(),
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

function main(): void {
  if (process.argv.includes('--write-fixture')) return writeFixture();
  const c = Number(arg('c', '10'));
  const maxIter = Number(arg('max-iter', '100'));
  const { train, test, labels } = demoSplit();
  const yTrain = train.map((r) => labels.indexOf(r.label));
  const yTest = test.map((r) => labels.indexOf(r.label));
  console.log(`$ npx tsx bench/sparse-linear-vs-sklearn.ts ${process.argv.slice(2).join(' ')}`);
  console.log(`demo split: ${train.length} train / ${test.length} test rows, ${labels.length} classes; C ${c}`);

  const t0 = performance.now();
  const fitted = fitTfidf(
    train.map((r) => r.text),
    BENCH_TFIDF,
  );
  const xTrain = transformTfidf(
    fitted,
    train.map((r) => r.text),
  );
  const featuresMs = performance.now() - t0;
  const xTest = transformTfidf(
    fitted,
    test.map((r) => r.text),
  );
  const t1 = performance.now();
  const model = fitLogistic(xTrain, yTrain, labels.length, { c, maxIter });
  const fitMs = performance.now() - t1;
  const probs = predictLogistic(model, xTest);
  const argmax = (p: ArrayLike<number>, r: number, k: number) => {
    let best = 0;
    for (let j = 1; j < k; j++) if (p[r * k + j] > p[r * k + best]) best = j;
    return best;
  };
  const ours = yTest.map((_, r) => argmax(probs, r, labels.length));

  const reference = runSklearn({
    ...BENCH_TFIDF,
    c,
    maxIter,
    tol: 1e-4,
    trainTexts: train.map((r) => r.text),
    trainLabels: yTrain,
    testTexts: test.map((r) => r.text),
  });
  const theirs = reference.testProbabilities.map((p) => argmax(p, 0, labels.length));
  const row = (name: string, pred: number[], features: number, featSec: number, fitSec: number, iters: number) =>
    console.log(
      `  ${name.padEnd(14)} accuracy ${(100 * accuracy(yTest, pred)).toFixed(2)}%  macro-F1 ${(
        100 * f1Score(yTest, pred, labels.length, 'macro')
      ).toFixed(
        2,
      )}  features ${features}  featurise ${featSec.toFixed(2)} s  fit ${fitSec.toFixed(2)} s (${iters} iterations)`,
    );
  console.log('');
  row(
    'finetune-flow',
    ours,
    fitted.blocks.reduce((s, b) => s + b.terms.length, 0),
    featuresMs / 1000,
    fitMs / 1000,
    model.fit.iterations,
  );
  row(
    `sklearn ${SKLEARN_VERSION}`,
    theirs,
    reference.blocks.reduce((s, b) => s + b.size, 0),
    reference.featuresSeconds,
    reference.fitSeconds,
    reference.iterations,
  );
  const gap = 100 * (accuracy(yTest, ours) - accuracy(yTest, theirs));
  const agree = ours.filter((p, i) => p === theirs[i]).length;
  console.log(`\n  same prediction on ${agree}/${ours.length} test rows`);
  console.log(
    `  goal: accuracy within 0.5 point of scikit-learn: ${gap >= 0 ? '+' : ''}${gap.toFixed(2)} point ${Math.abs(gap) <= 0.5 || gap > 0 ? 'MET' : 'NOT MET'}`,
  );
}

main();
