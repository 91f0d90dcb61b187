/**
 * How a registered model turns its members' class probabilities into one
 * prediction: the one combination rule shared by the evaluation (on the test
 * split) and by `loadRegisteredModel().predict` (on new text), so the model
 * that was measured is the model that is served. Pure.
 *
 *  - `single`, `greedy`, `average`: weighted mean of member probabilities
 *    (a single model is one member of weight 1; greedy weights are Caruana
 *    counts / size; average weights are equal).
 *  - `vote`: weighted majority vote. To keep ROC, calibration and log loss
 *    defined, its "probabilities" are 0.999 x (weighted vote share) + 0.001 x
 *    (weighted mean probability): the argmax is the vote winner, and ties are
 *    broken by the mean probabilities exactly as lib/ensemble/majority-vote.ts
 *    does (a vote-share gap is >= 1/total weight, far above 0.001).
 *  - `stacking`: the softmax meta-model fitted on validation.
 */
import { z } from 'zod';
import { DataError } from '../core/errors';
import { argmaxRows } from '../metrics/classification';
import { weightedAverageProbabilities, type MemberPredictions } from './ensemble-metric';
import { predictStacking } from './stacking';

export const EnsembleMethodSchema = z.enum(['single', 'greedy', 'average', 'vote', 'stacking']);
export type EnsembleMethod = z.infer<typeof EnsembleMethodSchema>;

export const StackingModelSchema = z.object({
  memberIds: z.array(z.string()).min(1),
  numClasses: z.number().int().min(2),
  weights: z.array(z.array(z.number())),
});

/** The combination rule and its members (ids with weights that sum to 1). */
export const EnsembleSpecSchema = z.object({
  method: EnsembleMethodSchema,
  members: z.array(z.object({ id: z.string().min(1), weight: z.number().positive() })).min(1),
  stacking: StackingModelSchema.optional(),
});
export type EnsembleSpec = z.infer<typeof EnsembleSpecSchema>;

const VOTE_SHARE = 0.999;

/** Vote shares blended with mean probabilities (see the module comment). */
export function voteProbabilities(probabilities: readonly number[][][], weights: readonly number[]): number[][] {
  const mean = weightedAverageProbabilities(probabilities, weights);
  const total = weights.reduce((a, b) => a + b, 0);
  const labels = probabilities.map((p) => argmaxRows(p));
  return mean.map((row, i) => {
    const share = new Array<number>(row.length).fill(0);
    labels.forEach((l, m) => (share[l[i]] += weights[m] / total));
    return row.map((p, c) => VOTE_SHARE * share[c] + (1 - VOTE_SHARE) * p);
  });
}

/**
 * Class probabilities of the ensemble on some examples, given each member's
 * probabilities on them (matched by id).
 * @throws DataError when a member's predictions are missing, or a stacking spec has no model.
 */
export function combineMembers(spec: EnsembleSpec, members: readonly MemberPredictions[]): number[][] {
  if (spec.method === 'stacking') {
    if (!spec.stacking)
      throw new DataError('ensemble spec says "stacking" but has no stacking model; re-run the evaluation');
    return predictStacking(spec.stacking, members);
  }
  const byId = new Map(members.map((m) => [m.id, m.probabilities]));
  const probabilities = spec.members.map((s) => {
    const p = byId.get(s.id);
    if (!p) throw new DataError(`no predictions for ensemble member "${s.id}"; load every member of the spec`);
    return p;
  });
  const weights = spec.members.map((s) => s.weight);
  return spec.method === 'vote'
    ? voteProbabilities(probabilities, weights)
    : weightedAverageProbabilities(probabilities, weights);
}
