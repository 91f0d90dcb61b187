/**
 * The validation metrics ensemble selection can optimise, by name (so they fit
 * in a JSON config), each oriented so that HIGHER IS BETTER: log loss enters
 * negated. Pure.
 */
import { z } from 'zod';
import { DataError } from '../core/errors';
import { accuracy, argmaxRows, logLoss, macroF1 } from '../metrics/classification';

/** 'accuracy', 'macroF1', or 'negLogLoss' (= -log loss; smooth, so it breaks accuracy ties). */
export const EnsembleMetricSchema = z.enum(['accuracy', 'macroF1', 'negLogLoss']);
export type EnsembleMetric = z.infer<typeof EnsembleMetricSchema>;

/** A score of probability rows against true labels; higher is better. */
export type ProbabilityScorer = (yTrue: readonly number[], probabilities: readonly (readonly number[])[]) => number;

/** The scorer for a metric name. */
export function ensembleScorer(metric: EnsembleMetric): ProbabilityScorer {
  switch (metric) {
    case 'accuracy':
      return (y, p) => accuracy(y, argmaxRows(p));
    case 'macroF1':
      return (y, p) => macroF1(y, argmaxRows(p), p[0]?.length ?? 0);
    case 'negLogLoss':
      return (y, p) => -logLoss(y, p);
  }
}

/** A member of an ensemble: an id and its class probabilities (rows = examples). */
export interface MemberPredictions {
  id: string;
  probabilities: number[][];
}

/**
 * Checks that members are non-empty, predict the same examples and classes,
 * and have distinct ids; returns (examples, classes).
 * @throws DataError naming the offending member.
 */
export function checkMembers(
  members: readonly MemberPredictions[],
  yTrue?: readonly number[],
): { n: number; k: number } {
  if (members.length === 0)
    throw new DataError('ensemble needs at least one member; the sweep produced no validation predictions');
  const n = members[0].probabilities.length;
  const k = members[0].probabilities[0]?.length ?? 0;
  if (n === 0 || k < 2)
    throw new DataError(
      `member "${members[0].id}" has ${n} examples x ${k} classes; need >= 1 example and >= 2 classes`,
    );
  const ids = new Set<string>();
  for (const m of members) {
    if (ids.has(m.id)) throw new DataError(`member id "${m.id}" appears twice; ids must be unique`);
    ids.add(m.id);
    if (m.probabilities.length !== n || m.probabilities.some((row) => row.length !== k)) {
      throw new DataError(
        `member "${m.id}" does not predict the same ${n} examples x ${k} classes as "${members[0].id}"; use predictions on the same split`,
      );
    }
  }
  if (yTrue && yTrue.length !== n)
    throw new DataError(`yTrue has ${yTrue.length} labels but members predict ${n} examples`);
  return { n, k };
}

/**
 * Weighted mean of member probability matrices: sum_m w_m P_m / sum_m w_m.
 * @throws DataError when weights do not match members or sum to 0.
 */
export function weightedAverageProbabilities(
  members: readonly (readonly (readonly number[])[])[],
  weights: readonly number[],
): number[][] {
  if (weights.length !== members.length)
    throw new DataError(`${weights.length} weights for ${members.length} members; pass one weight per member`);
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0) || weights.some((w) => w < 0))
    throw new DataError('ensemble weights must be non-negative with a positive sum');
  return members[0].map((row, i) =>
    row.map((_, j) => members.reduce((s, m, mi) => s + weights[mi] * m[i][j], 0) / total),
  );
}
