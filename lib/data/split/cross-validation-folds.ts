import type { Example } from '../../core/example';
import { DataError } from '../../core/errors';
import { kFoldAssignments } from './k-fold';

export interface CvFold {
  train: Example[];
  val: Example[];
}

/**
 * Splits `rows` (train and val of a curated dataset, never test) into k
 * folds: fold i validates on the rows assigned to i and trains on the rest.
 * Stratified by label, or group-aware with `groupBy: 'group'`; deterministic
 * from the seed (see kFoldAssignments). Each row is validated exactly once.
 * @throws DataError when a fold would have no validation or no training rows.
 */
export function crossValidationFolds(rows: readonly Example[], k: number, seed: number, groupBy?: 'group'): CvFold[] {
  const assignment = kFoldAssignments([...rows], { k, seed, groupBy });
  const folds = Array.from({ length: k }, (): CvFold => ({ train: [], val: [] }));
  for (const row of rows) {
    const fold = assignment.get(row.id)!;
    folds.forEach((f, i) => (i === fold ? f.val : f.train).push(row));
  }
  folds.forEach((f, i) => {
    if (f.val.length === 0 || f.train.length === 0) {
      throw new DataError(
        `cross-validation fold ${i + 1} of ${k} would be empty (${rows.length} rows); lower search.crossValidation.folds`,
      );
    }
  });
  return folds;
}
