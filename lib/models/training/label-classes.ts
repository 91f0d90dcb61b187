import type { Example } from '../../core/example';
import { ConfigError, DataError } from '../../core/errors';

/**
 * The class index of each row for a run's `labels` (their order is the
 * columns of every prediction), shared by the trainers of every family.
 * @throws ConfigError for fewer than two or duplicate labels (naming `family`);
 *   DataError naming the first row whose label is not one of them.
 */
export function labelClasses(
  family: string,
  labels: readonly string[],
): (rows: readonly Example[], split: string) => number[] {
  if (labels.length < 2 || new Set(labels).size !== labels.length)
    throw new ConfigError(`${family} needs at least two distinct labels; got ${JSON.stringify(labels)}`);
  const index = new Map(labels.map((l, i) => [l, i]));
  return (rows, split) =>
    rows.map((e) => {
      const k = index.get(e.label);
      if (k === undefined)
        throw new DataError(`${split} row ${e.id}: label ${JSON.stringify(e.label)} is not one of the run's labels`, {
          id: e.id,
        });
      return k;
    });
}
