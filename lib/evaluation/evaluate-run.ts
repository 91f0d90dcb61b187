/**
 * The run's evaluation in one pure call: ensemble selection on validation,
 * then on the untouched test split the metrics of the best single trial and
 * of the ensemble, percentile-bootstrap confidence intervals of the headline
 * metric for both, and a PAIRED bootstrap of (ensemble - best single) on the
 * same resampled test examples. Deterministic for (inputs, seed).
 */
import { DataError } from '../core/errors';
import { accuracy, argmaxRows, macroF1 } from '../metrics/classification';
import { bootstrapMetricSteps, pairedBootstrapDifferenceSteps, type ConfidenceInterval } from '../metrics/bootstrap';
import { DEFAULT_YIELD_EVERY, runSteps, runStepsAsync, type ProgressPort, type Steps } from '../core/progress';
import type { MemberPredictions } from '../ensemble/ensemble-metric';
import { combineMembers } from '../ensemble/ensemble-spec';
import { headline, modelMetricsSteps, type HeadlineMetrics, type ModelMetrics } from './model-metrics';
import { selectEnsembleSteps, type EnsembleSelection, type SelectEnsembleOptions } from './select-ensemble';

/** The metric the intervals are computed for (the sweep objective). */
export type HeadlineMetricName = 'macroF1' | 'accuracy';

/** Input of {@link evaluateRun}. */
export interface EvaluateRunInput {
  labels: string[];
  /** Candidates' predictions, best trial by validation score first; the same ids on both splits. */
  val: { yTrue: number[]; candidates: MemberPredictions[] };
  test: { yTrue: number[]; candidates: MemberPredictions[] };
  ensemble: SelectEnsembleOptions;
  headlineMetric: HeadlineMetricName;
  bootstrap: { resamples: number; confidence: number };
  calibrationBins: number;
  seed: number;
}

/** What {@link evaluateRun} returns (stored as the evaluation artifact). */
export interface RunEvaluation {
  labels: string[];
  selection: EnsembleSelection;
  best: ModelMetrics;
  ensemble: ModelMetrics;
  /** Test headline of every candidate (same order as the input). */
  candidates: HeadlineMetrics[];
  intervals: {
    metric: HeadlineMetricName;
    best: ConfidenceInterval;
    ensemble: ConfidenceInterval;
    difference: ConfidenceInterval;
  };
  /** Ensemble test probabilities (rows = test examples). */
  ensembleProbabilities: number[][];
}

function scorer(name: HeadlineMetricName, numClasses: number): (y: number[], p: number[][]) => number {
  return name === 'accuracy' ? (y, p) => accuracy(y, argmaxRows(p)) : (y, p) => macroF1(y, argmaxRows(p), numClasses);
}

function checkSameIds(val: readonly MemberPredictions[], test: readonly MemberPredictions[]): void {
  if (val.length === 0)
    throw new DataError('evaluation needs at least one candidate trial with validation predictions');
  val.forEach((m, i) => {
    if (test[i]?.id !== m.id)
      throw new DataError(
        `candidate #${i} is "${m.id}" on validation but "${test[i]?.id}" on test; pass the same candidates in the same order`,
      );
  });
}

/**
 * Evaluates the candidates and their ensemble (see the module comment).
 * @throws DataError on mismatched candidates, labels or prediction shapes.
 */
export function evaluateRun(input: EvaluateRunInput): RunEvaluation {
  return runSteps(evaluateRunSteps(input));
}

/**
 * {@link evaluateRun} that yields to the event loop between chunks (ensemble
 * rounds, classes of the curves, bootstrap resamples) and reports progress to
 * `port.onProgress`; throwing from it (e.g. on cancellation) stops the work.
 */
export function evaluateRunAsync(
  input: EvaluateRunInput,
  port: ProgressPort & { yieldEvery?: number } = {},
): Promise<RunEvaluation> {
  return runStepsAsync(evaluateRunSteps(input, port.yieldEvery), port);
}

/** The evaluation as chunked steps (lib/core/progress.ts); same result as {@link evaluateRun}. */
export function* evaluateRunSteps(input: EvaluateRunInput, yieldEvery = DEFAULT_YIELD_EVERY): Steps<RunEvaluation> {
  checkSameIds(input.val.candidates, input.test.candidates);
  const { labels, calibrationBins: bins } = input;
  const selection = yield* selectEnsembleSteps(input.val.candidates, input.val.yTrue, input.ensemble);
  const y = input.test.yTrue;
  const bestProbabilities = input.test.candidates[0].probabilities;
  const ensembleProbabilities = combineMembers(selection.spec, input.test.candidates);
  const metric = scorer(input.headlineMetric, labels.length);
  const options = {
    seed: input.seed,
    resamples: input.bootstrap.resamples,
    confidence: input.bootstrap.confidence,
    yieldEvery,
  };
  const best = yield* modelMetricsSteps(input.test.candidates[0].id, y, bestProbabilities, labels, bins, yieldEvery);
  const ensemble = yield* modelMetricsSteps('ensemble', y, ensembleProbabilities, labels, bins, yieldEvery);
  const candidates = [];
  for (const c of input.test.candidates)
    candidates.push(headline(yield* modelMetricsSteps(c.id, y, c.probabilities, labels, bins, yieldEvery)));
  return {
    labels,
    selection,
    best,
    ensemble,
    candidates,
    intervals: {
      metric: input.headlineMetric,
      best: yield* bootstrapMetricSteps(y, bestProbabilities, metric, { ...options, stage: 'bootstrap:best' }),
      ensemble: yield* bootstrapMetricSteps(y, ensembleProbabilities, metric, {
        ...options,
        stage: 'bootstrap:ensemble',
      }),
      difference: yield* pairedBootstrapDifferenceSteps(y, ensembleProbabilities, bestProbabilities, metric, {
        ...options,
        stage: 'bootstrap:difference',
      }),
    },
    ensembleProbabilities,
  };
}
