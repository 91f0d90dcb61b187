/**
 * (Weighted) majority vote over member label predictions. Unlike probability
 * averaging it ignores confidence, which makes it robust to one badly
 * calibrated member. Ties go to the tied class with the highest tie-break
 * score when `tieBreak` rows are given (e.g. averaged probabilities), else to
 * the lowest class index. Deterministic; pure.
 */
import { DataError } from '../core/errors';
import { argmaxRows } from '../metrics/classification';
import { checkMembers, weightedAverageProbabilities, type MemberPredictions } from './ensemble-metric';

/** Options of {@link majorityVote}. */
export interface MajorityVoteOptions {
  /** One non-negative weight per member (default all 1). */
  weights?: readonly number[];
  /** Per-example scores per class used only to break ties. */
  tieBreak?: readonly (readonly number[])[];
}

/**
 * The winning class per example.
 * @param memberLabels memberLabels[m][i] = class predicted by member m for example i.
 * @throws DataError on ragged input, labels outside [0, numClasses) or bad weights.
 */
export function majorityVote(
  memberLabels: readonly (readonly number[])[],
  numClasses: number,
  options: MajorityVoteOptions = {},
): number[] {
  if (memberLabels.length === 0) throw new DataError('majority vote needs at least one member');
  const n = memberLabels[0].length;
  const weights = options.weights ?? memberLabels.map(() => 1);
  if (weights.length !== memberLabels.length || weights.some((w) => !(w >= 0))) {
    throw new DataError(
      `majority vote needs one non-negative weight per member (${memberLabels.length}); got ${weights.length}`,
    );
  }
  memberLabels.forEach((labels, m) => {
    if (labels.length !== n)
      throw new DataError(`member #${m} predicts ${labels.length} examples, member #0 predicts ${n}`);
    labels.forEach((c, i) => {
      if (!Number.isInteger(c) || c < 0 || c >= numClasses)
        throw new DataError(`member #${m} example ${i}: label ${c} is not in [0, ${numClasses})`);
    });
  });
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const votes = new Array<number>(numClasses).fill(0);
    memberLabels.forEach((labels, m) => (votes[labels[i]] += weights[m]));
    let best = 0;
    for (let c = 1; c < numClasses; c++) {
      const tieWins =
        votes[c] === votes[best] &&
        options.tieBreak !== undefined &&
        options.tieBreak[i][c] > options.tieBreak[i][best];
      if (votes[c] > votes[best] || tieWins) best = c;
    }
    out.push(best);
  }
  return out;
}

/** Majority vote of the members' argmax labels, ties broken by their (weighted) mean probabilities. */
export function majorityVoteFromProbabilities(
  members: readonly MemberPredictions[],
  weights?: readonly number[],
): number[] {
  const { k } = checkMembers(members);
  const w = weights ?? members.map(() => 1);
  const mean = weightedAverageProbabilities(
    members.map((m) => m.probabilities),
    w,
  );
  return majorityVote(
    members.map((m) => argmaxRows(m.probabilities)),
    k,
    { weights: w, tieBreak: mean },
  );
}
