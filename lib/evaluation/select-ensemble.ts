/**
 * Builds the run's ensemble from the candidates' VALIDATION predictions and
 * decides, on validation only, whether the ensemble or the best single trial
 * is the model to register. The test split is never looked at here.
 *
 * Methods (config `ensemble.method`): `greedy` (Caruana selection with
 * replacement, `rounds` additions, best prefix), `average` (equal weights),
 * `vote` (majority vote, see lib/ensemble/ensemble-spec.ts), `stacking`
 * (softmax regression; its validation score is the cross-fitted one).
 * Greedy's validation score is optimistic (the selection saw that data), so
 * the ensemble must beat the best single model by more than `minGain` to be
 * chosen. Pure and deterministic for (inputs, seed).
 */
import { ensembleScorer, type EnsembleMetric, type MemberPredictions } from '../ensemble/ensemble-metric';
import { greedyEnsembleSelectionSteps, type SelectionStep } from '../ensemble/greedy-selection';
import { runSteps, type Steps } from '../core/progress';
import { fitStacking } from '../ensemble/stacking';
import { combineMembers, type EnsembleSpec } from '../ensemble/ensemble-spec';

/** Options from the config's `ensemble` section. */
export interface SelectEnsembleOptions {
  method: 'greedy' | 'average' | 'vote' | 'stacking';
  rounds: number;
  metric: EnsembleMetric;
  seed: number;
  /** The ensemble is chosen only when its validation score beats the best single by more than this (default 0). */
  minGain?: number;
}

/** The outcome of {@link selectEnsemble}. */
export interface EnsembleSelection {
  spec: EnsembleSpec;
  metric: EnsembleMetric;
  /** Validation score of the ensemble (higher is better; greedy: optimistic, stacking: cross-fitted). */
  validationScore: number;
  /** The best single candidate (first in the given order) and its validation score on the same metric. */
  bestSingle: { id: string; validationScore: number };
  /** Greedy only: every step with the validation score after it. */
  trajectory: SelectionStep[];
  /** 'ensemble' when it wins on validation, else 'single'. */
  chosen: 'ensemble' | 'single';
}

function equalWeights(members: readonly MemberPredictions[]): EnsembleSpec['members'] {
  return members.map((m) => ({ id: m.id, weight: 1 / members.length }));
}

/**
 * @param candidates validation predictions, best trial (by the sweep objective) first.
 * @param yTrue validation labels as class indices.
 * @throws DataError when candidates do not predict the same examples and classes.
 */
export function selectEnsemble(
  candidates: readonly MemberPredictions[],
  yTrue: readonly number[],
  o: SelectEnsembleOptions,
): EnsembleSelection {
  return runSteps(selectEnsembleSteps(candidates, yTrue, o));
}

/** {@link selectEnsemble}, yielding after each greedy round (see lib/core/progress.ts). */
export function* selectEnsembleSteps(
  candidates: readonly MemberPredictions[],
  yTrue: readonly number[],
  o: SelectEnsembleOptions,
): Steps<EnsembleSelection> {
  const score = ensembleScorer(o.metric);
  const bestSingle = { id: candidates[0].id, validationScore: score(yTrue, candidates[0].probabilities) };
  let spec: EnsembleSpec;
  let validationScore: number;
  let trajectory: SelectionStep[] = [];
  if (o.method === 'greedy') {
    const g = yield* greedyEnsembleSelectionSteps(candidates, yTrue, {
      metric: o.metric,
      rounds: o.rounds,
      seed: o.seed,
    });
    spec = { method: 'greedy', members: g.members.map((m) => ({ id: m.id, weight: m.weight })) };
    validationScore = g.validationScore;
    trajectory = g.trajectory;
  } else if (o.method === 'stacking') {
    const s = fitStacking(candidates, yTrue, { metric: o.metric, seed: o.seed });
    spec = { method: 'stacking', members: equalWeights(candidates), stacking: s.model };
    validationScore = s.crossFitScore;
  } else {
    spec = { method: o.method, members: equalWeights(candidates) };
    validationScore = score(yTrue, combineMembers(spec, candidates));
  }
  const single = spec.method !== 'stacking' && spec.members.length === 1;
  const wins = !single && validationScore > bestSingle.validationScore + (o.minGain ?? 0);
  return { spec, metric: o.metric, validationScore, bestSingle, trajectory, chosen: wins ? 'ensemble' : 'single' };
}
