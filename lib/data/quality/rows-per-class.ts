import type { Example } from '../../core/example';
import { DataError } from '../../core/errors';
import { MANY_CLASSES } from '../dataset-schema';

/**
 * Many classes (more than MANY_CLASSES) with few rows each (10,000 × 4): the train split has ~2 rows per class,
 * too few to learn any class, and an output layer that wide makes each epoch crawl.
 * Refused at curation, in seconds, instead of after hours of training.
 * @param rows the curated rows before splitting (their classes are the dataset's).
 * @throws DataError stating classes, rows, rows per class and the fixes.
 */
export function assertEnoughTrainRowsPerClass(
  split: { train: Example[]; val: Example[]; test: Example[] },
  rows: Example[],
  minPerClass: number,
): void {
  const classes = new Set(rows.map((r) => r.label)).size;
  const perClass = split.train.length / classes;
  if (minPerClass <= 0 || classes <= MANY_CLASSES || perClass >= minPerClass) return;
  const trainClasses = new Set(split.train.map((r) => r.label)).size;
  const valClasses = new Set(split.val.map((r) => r.label)).size;
  const round = (x: number) => Math.round(x * 100) / 100;
  throw new DataError(
    `dataset has too few rows per class to train: ${classes} classes, ${rows.length} rows after curation (${round(rows.length / classes)} per class), ` +
      `train split ${split.train.length} rows (${round(perClass)} per class, below dataset.minTrainRowsPerClass=${minPerClass} for more than ${MANY_CLASSES} classes; ` +
      `${trainClasses} classes in train, ${valClasses} in val). ` +
      'Merge rare classes into broader ones (relabel their rows), get more rows per class, ' +
      'or lower dataset.minTrainRowsPerClass (0 turns the check off).',
    { classes, rows: rows.length, trainRows: split.train.length, minTrainRowsPerClass: minPerClass },
  );
}
