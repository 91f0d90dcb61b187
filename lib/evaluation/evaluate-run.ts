/**
 * The run's evaluation in one pure call: ensemble selection on validation,
 * then on the untouched test split the metrics of the best single trial and
 * of the ensemble, percentile-bootstrap confidence intervals of the headline
 * metric for both, and a PAIRED bootstrap of (ensemble - best single) on the
 * same resampled test examples. Deterministic for (inputs, seed).
 */
import { DataError } from '../core/errors';
import { accuracy, argmaxRows, macroF1 } from '../metrics/classification';
import { bootstrapMetric, pairedBootstrapDifference, type ConfidenceInterval } from '../metrics/bootstrap';
import type { MemberPredictions } from '../ensemble/ensemble-metric';
import { combineMembers } from '../ensemble/ensemble-spec';
import { headline, modelMetrics, type HeadlineMetrics, type ModelMetrics } from './model-metrics';
import { selectEnsemble, type EnsembleSelection, type SelectEnsembleOptions } from './select-ensemble';

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
  intervals: { metric: HeadlineMetricName; best: ConfidenceInterval; ensemble: ConfidenceInterval; difference: ConfidenceInterval };
  /** Ensemble test probabilities (rows = test examples). */
  ensembleProbabilities: number[][];
}

function scorer(name: HeadlineMetricName, numClasses: number): (y: number[], p: number[][]) => number {
  return name === 'accuracy' ? (y, p) => accuracy(y, argmaxRows(p)) : (y, p) => macroF1(y, argmaxRows(p), numClasses);
}

function checkSameIds(val: readonly MemberPredictions[], test: readonly MemberPredictions[]): void {
  if (val.length === 0) throw new DataError('evaluation needs at least one candidate trial with validation predictions');
  val.forEach((m, i) => {
    if (test[i]?.id !== m.id) throw new DataError(`candidate #${i} is "${m.id}" on validation but "${test[i]?.id}" on test; pass the same candidates in the same order`);
  });
}

/**
 * Evaluates the candidates and their ensemble (see the module comment).
 * @throws DataError on mismatched candidates, labels or prediction shapes.
 */
export function evaluateRun(input: EvaluateRunInput): RunEvaluation {
  checkSameIds(input.val.candidates, input.test.candidates);
  const { labels, calibrationBins: bins } = input;
  const selection = selectEnsemble(input.val.candidates, input.val.yTrue, input.ensemble);
  const y = input.test.yTrue;
  const bestProbabilities = input.test.candidates[0].probabilities;
  const ensembleProbabilities = combineMembers(selection.spec, input.test.candidates);
  const metric = scorer(input.headlineMetric, labels.length);
  const options = { seed: input.seed, resamples: input.bootstrap.resamples, confidence: input.bootstrap.confidence };
  return {
    labels,
    selection,
    best: modelMetrics(input.test.candidates[0].id, y, bestProbabilities, labels, bins),
    ensemble: modelMetrics('ensemble', y, ensembleProbabilities, labels, bins),
    candidates: input.test.candidates.map((c) => headline(modelMetrics(c.id, y, c.probabilities, labels, bins))),
    intervals: {
      metric: input.headlineMetric,
      best: bootstrapMetric(y, bestProbabilities, metric, options),
      ensemble: bootstrapMetric(y, ensembleProbabilities, metric, options),
      difference: pairedBootstrapDifference(y, ensembleProbabilities, bestProbabilities, metric, options),
    },
    ensembleProbabilities,
  };
}
