import { z } from 'zod';

/*
 * Option schemas of the curation and augmentation plugins (near-dup dedup,
 * cleaning extras, balancing, label quality, augmentation ops), composed into
 * the experiment config by configs/experiment-schema.ts. They live together in
 * this file, apart from their implementations, because configs/ is also
 * bundled into the (sandboxed, deterministic) workflows: this file must import
 * nothing but zod, while the implementations read files, hash and spawn.
 */

/** Options of near-duplicate removal (`curation.nearDedup` in the experiment config). */
export const NearDedupOptionsSchema = z.strictObject({
  /** Off by default so existing configs keep their behaviour. */
  enabled: z.boolean().default(false),
  /** Drop a row whose estimated Jaccard similarity to a kept row is at least this. */
  threshold: z.number().gt(0).max(1).default(0.8),
  /** Words per shingle. */
  shingleSize: z.number().int().min(1).max(5).default(2),
  /** MinHash signature length. */
  numHashes: z.number().int().min(16).max(512).default(128),
  /** LSH bands (must divide numHashes); chosen from the threshold when omitted. */
  bands: z.number().int().min(1).optional(),
  /** Also drop train rows near-duplicating a val/test row (leakage guard). */
  acrossSplits: z.boolean().default(true),
});
export type NearDedupOptions = z.infer<typeof NearDedupOptionsSchema>;

/**
 * Optional cleaning steps after the basic normalisation of `cleanText`
 * (fields of `curation` in the experiment config). All default off / open,
 * so existing configs keep their behaviour.
 */
export const CleanExtrasOptionsSchema = z.strictObject({
  /** Replace e-mails, URLs and phone numbers by [EMAIL], [URL], [PHONE]. */
  maskPii: z.boolean().default(false),
  /** Remove English stop words (the `stopword` package list; negations kept). */
  removeStopwords: z.boolean().default(false),
  /** Correct misspelt lowercase words against `dictionary-en` (edit distance 1). */
  spellCorrect: z.boolean().default(false),
  /** Drop rows with fewer whitespace-separated words than this (after the steps above). */
  minWords: z.number().int().min(1).default(1),
  /** Drop rows with more words than this; unlimited when omitted. */
  maxWords: z.number().int().min(1).optional(),
});
export type CleanExtrasOptions = z.infer<typeof CleanExtrasOptionsSchema>;

/** How to treat class imbalance on the TRAIN split (`curation.balance` in the experiment config). */
export const BalanceOptionsSchema = z.strictObject({
  /**
   * 'none' (default): leave the data alone. 'oversample': repeat random rows of
   * smaller classes up to the largest class. 'undersample': keep a random
   * subset of each larger class down to the smallest. 'class-weights': keep
   * the data, compute per-class loss weights for training.
   */
  method: z.enum(['none', 'oversample', 'undersample', 'class-weights']).default('none'),
});
export type BalanceOptions = z.infer<typeof BalanceOptionsSchema>;

/** Label-quality check on the train split (`curation.labelQuality` in the experiment config). */
export const LabelQualityOptionsSchema = z.strictObject({
  /** Off by default (it changes nothing unless `remove` is set, but costs k model fits). */
  enabled: z.boolean().default(false),
  /** Folds of the out-of-fold model. */
  folds: z.number().int().min(2).max(20).default(5),
  /** Drop flagged rows from train (they are always listed in the report). */
  remove: z.boolean().default(false),
});
export type LabelQualityOptions = z.infer<typeof LabelQualityOptionsSchema>;

const rate = z.number().gt(0).max(1).default(0.1);
/** EDA synonym replacement from WordNet; `rate` = fraction of words replaced (at least one). */
export const SynonymOpSchema = z.strictObject({ kind: z.literal('synonym'), rate });
/** EDA random insertion of WordNet synonyms; `rate` = insertions per word (at least one). */
export const RandomInsertionOpSchema = z.strictObject({ kind: z.literal('random-insertion'), rate });
/** Typos; `rate` = probability that a word of 3+ letters gets one. */
export const CharNoiseOpSchema = z.strictObject({
  kind: z.literal('char-noise'),
  rate: z.number().gt(0).max(1).default(0.05),
});

/**
 * The paraphrase / back-translation plugin point: an external command that
 * reads JSONL on stdin, one `{"text": "..."}` per line, and writes the same
 * number of `{"text": "..."}` lines on stdout, in order. Any model can sit
 * behind it (a local seq2seq model, a back-translation pair, an HTTP client);
 * the shipped example is `scripts/paraphrase-rules.ts`, a RULE-BASED
 * rewriter (see lib/data/augment/rule-paraphrase.ts), not a neural model.
 */
export const ParaphraseCommandOpSchema = z.strictObject({
  kind: z.literal('paraphrase-command'),
  /** argv of the command (no shell), run in the worker's working directory, e.g. ["node", "--import", "tsx", "scripts/paraphrase-rules.ts"]. */
  command: z.array(z.string().min(1)).min(1, 'augmentation paraphrase-command needs a command (argv array)'),
  /** Fraction of training rows that get a paraphrased copy. */
  rate: z.number().gt(0).max(1).default(0.5),
  /** Kill the command after this long. */
  timeoutMs: z.number().int().min(100).max(3_600_000).default(120_000),
});
export type ParaphraseCommandOp = z.infer<typeof ParaphraseCommandOpSchema>;
