import { CurationSchema, DatasetSchema } from '../../../configs/experiment-schema';
import { curateDataset } from '../../../lib/data/curate-dataset';
import type { RawRow } from '../../../lib/data/ingest/raw-row';
import { DataError } from '../../../lib/core/errors';

/**
 * dataset.minTrainRowsPerClass (issue 15): 10,000 classes × 4 rows once sat in epoch 1
 * for minutes with 2 train rows per class; curation now refuses it in seconds, while
 * 1,000 × 6 (4 train rows per class) and small smoke tests stay runnable.
 */
const config = (dataset: Record<string, unknown> = {}) => ({
  dataset: DatasetSchema.parse({ source: { kind: 'uri', uri: 's3://b/x' }, ...dataset }),
  curation: CurationSchema.parse({}),
});

/** `classes` × `perClass` distinct rows, each class with its own cue word. */
function raw(classes: number, perClass: number): RawRow[] {
  return Array.from({ length: classes * perClass }, (_, i) => {
    const c = i % classes;
    const k = Math.floor(i / classes);
    return { rowNumber: i + 1, text: `cue${c} item ${k} of class ${c}`, label: `class-${String(c).padStart(5, '0')}` };
  });
}

const curate = (classes: number, perClass: number, dataset?: Record<string, unknown>) =>
  curateDataset(raw(classes, perClass), config(dataset), 7);

test('10,000 classes × 4 rows: refused at curation, stating classes, rows, rows per class and the fixes', () => {
  let err: unknown;
  try {
    curate(10_000, 4);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataError);
  expect((err as DataError).retryable).toBe(false);
  expect((err as DataError).message).toBe(
    'dataset has too few rows per class to train: 10000 classes, 40000 rows after curation (4 per class), ' +
      'train split 20000 rows (2 per class, below dataset.minTrainRowsPerClass=3 for more than 100 classes; 10000 classes in train, 10000 in val). ' +
      'Merge rare classes into broader ones (relabel their rows), get more rows per class, or lower dataset.minTrainRowsPerClass (0 turns the check off).',
  );
});

test('1,000 classes × 6 rows (4 train rows per class) is curated', () => {
  const out = curate(1_000, 6);
  expect(out.splits.train).toHaveLength(4_000);
  expect(new Set(out.splits.val.map((r) => r.label)).size).toBe(1_000);
});

test('the threshold is configurable, 0 turns it off', () => {
  expect(() => curate(200, 4, { minTrainRowsPerClass: 2 })).not.toThrow();
  expect(() => curate(200, 4, { minTrainRowsPerClass: 0 })).not.toThrow();
  expect(() => curate(200, 6, { minTrainRowsPerClass: 5 })).toThrow(
    '(4 per class, below dataset.minTrainRowsPerClass=5',
  );
});

test('small class counts are exempt: 100 classes × 3 rows (1 train row each) still curate', () => {
  expect(curate(100, 3).splits.train).toHaveLength(100);
  expect(() => curate(101, 3)).toThrow('101 classes, 303 rows after curation (3 per class)');
});
