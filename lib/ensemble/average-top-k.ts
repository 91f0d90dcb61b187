/**
 * Ensemble by averaging class probabilities of the top-k members (ranked by
 * their validation score). Averaging probabilities rather than votes keeps
 * calibration information and never ties on two members.
 */
export interface EnsembleCandidate {
  id: string;
  score: number;
}

/** The k best candidates by score (descending; ties by id for determinism). NaN scores rank last. */
export function selectTopK<T extends EnsembleCandidate>(candidates: readonly T[], k: number): T[] {
  const rank = (s: number): number => (Number.isFinite(s) ? s : -Infinity);
  return candidates
    .slice()
    .sort((a, b) => rank(b.score) - rank(a.score) || a.id.localeCompare(b.id))
    .slice(0, Math.max(1, k));
}

/**
 * Element-wise mean of several probability matrices of the same shape
 * (rows = examples, columns = classes).
 * @throws Error when shapes differ or no members are given.
 */
export function averageProbabilities(members: readonly (readonly (readonly number[])[])[]): number[][] {
  if (members.length === 0) throw new Error('averageProbabilities needs at least one member');
  const [first] = members;
  for (const m of members) {
    if (m.length !== first.length || m.some((row, i) => row.length !== first[i].length)) {
      throw new Error('ensemble members must predict the same examples and classes');
    }
  }
  return first.map((row, i) => row.map((_, j) => members.reduce((sum, m) => sum + m[i][j], 0) / members.length));
}
