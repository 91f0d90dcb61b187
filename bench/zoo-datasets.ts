import type { Example } from '../lib/core/example';
import { splitStratified } from '../lib/data/split/split-stratified';
import { sentimentExamples } from './sentiment-examples';

/** One row with the split every tool uses. */
export type ZooRow = Example & { split: 'train' | 'val' | 'test' };

/** A labelled set for bench/model-zoo-bench.ts, with the split every tool uses. */
export interface ZooDataset {
  name: string;
  about: string;
  labels: string[];
  /** maxLen of the neural family in the best config (tokens). */
  maxLen: number;
  load(): ZooRow[];
}

/** Rows of `rows` tagged with the demo's split rule: splitStratified, val 0.15, test 0.15, seed 42. */
export function withSplit(rows: Example[]): ZooRow[] {
  const { train, val, test } = splitStratified(rows, { val: 0.15, test: 0.15, seed: 42 });
  return [
    ...train.map((r) => ({ ...r, split: 'train' as const })),
    ...val.map((r) => ({ ...r, split: 'val' as const })),
    ...test.map((r) => ({ ...r, split: 'test' as const })),
  ];
}

export const ZOO_DATASETS: ZooDataset[] = [
  {
    name: 'sentiment',
    about: 'the demo: UCI Sentiment Labelled Sentences (npm sentiment@5.0.2)',
    labels: ['negative', 'positive'],
    maxLen: 40,
    load: () => withSplit(sentimentExamples()),
  },
];
