import type { AugmentationConfig } from '../dataset-schema';
import type { Example } from '../../core/example';
import { ConfigError } from '../../core/errors';
import { createRng } from '../../core/rng';
import type { Augmenter } from './augmenter';
import { charNoise, randomInsertion, synonymReplacement } from './augment-ops';
import { makeStageReport, type StageReport } from '../stage-report';

export type { Augmenter } from './augmenter';

/** The experiment config's `augmentation` section (lib/data/dataset-schema.ts). */
export type { AugmentationConfig };
/** One op of {@link AugmentationConfig.ops}. */
export type AugmentOpConfig = AugmentationConfig['ops'][number];

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

function checkRate(kind: string, rate: number): void {
  if (!(rate > 0 && rate <= 1)) throw new ConfigError(`augmentation ${kind} rate must be in (0, 1], got ${rate}`);
}

/**
 * EDA random swap (Wei & Zou, 2019): swaps n = max(1, round(rate * words))
 * random pairs of distinct word positions. Texts with fewer than 2 words are
 * returned unchanged. Output words are joined by single spaces.
 */
export function randomSwap(rate: number): Augmenter {
  checkRate('random-swap', rate);
  return {
    kind: 'random-swap',
    apply(text, rng) {
      const w = words(text);
      if (w.length < 2) return text;
      const n = Math.max(1, Math.round(rate * w.length));
      for (let k = 0; k < n; k++) {
        const i = rng.int(w.length);
        const j = (i + 1 + rng.int(w.length - 1)) % w.length; // distinct from i
        [w[i], w[j]] = [w[j], w[i]];
      }
      return w.join(' ');
    },
  };
}

/**
 * EDA random deletion: deletes each word independently with probability
 * `rate`, but never all words (if every word was drawn for deletion, one
 * random word is kept). Single-word texts are returned unchanged.
 */
export function randomDeletion(rate: number): Augmenter {
  checkRate('random-deletion', rate);
  return {
    kind: 'random-deletion',
    apply(text, rng) {
      const w = words(text);
      if (w.length < 2) return text;
      const kept = w.filter(() => rng.next() >= rate);
      return kept.length > 0 ? kept.join(' ') : w[rng.int(w.length)];
    },
  };
}

/**
 * Builds the augmenter for one per-row config op.
 *
 * @throws ConfigError for 'paraphrase-command', which works on batches
 *   through an external command (see `augmentWithProviders`).
 */
export function createAugmenter(op: AugmentOpConfig): Augmenter {
  switch (op.kind) {
    case 'random-swap':
      return randomSwap(op.rate);
    case 'random-deletion':
      return randomDeletion(op.rate);
    case 'synonym':
      checkRate(op.kind, op.rate);
      return synonymReplacement(op.rate);
    case 'random-insertion':
      checkRate(op.kind, op.rate);
      return randomInsertion(op.rate);
    case 'char-noise':
      checkRate(op.kind, op.rate);
      return charNoise(op.rate);
    case 'paraphrase-command':
      throw new ConfigError(
        'augmentation op "paraphrase-command" is a batch op: run it with augmentWithProviders, not createAugmenter',
      );
  }
}

/** Result of {@link augmentTrainSet}. */
export interface AugmentResult {
  /** The original rows (unchanged, first, in order) followed by the copies. */
  rows: Example[];
  report: StageReport;
}

/**
 * Adds augmented copies of TRAINING rows. Call it only on the train split:
 * augmenting val or test would leak near-copies of training text into
 * evaluation and inflate metrics; the result contains only the rows given
 * (plus their copies), never another split's rows.
 *
 * For each row and k = 1..copies, the ops are applied in order to the row's
 * text with an rng forked from (seed, row id, k), giving a copy with id
 * `<id>~aug<k>` and the same label and group. Copies identical to the
 * original text (e.g. one-word texts) are skipped and counted as
 * 'unchanged-copy'. Deterministic: same rows, config and seed -> same output,
 * and a row's copies do not depend on the other rows. With no ops or
 * copies = 0 the rows are returned unchanged.
 *
 * Report stage: 'augment'; `in` = originals, `kept` = originals + copies.
 */
export function augmentTrainSet(train: Example[], opts: AugmentationConfig, seed: number): AugmentResult {
  const augmenters = opts.ops.map(createAugmenter);
  const copies: Example[] = [];
  let unchanged = 0;
  if (augmenters.length > 0) {
    const root = createRng(seed).fork('augment');
    for (const row of train) {
      for (let k = 1; k <= opts.copies; k++) {
        const rng = root.fork(`${row.id}~aug${k}`);
        const text = augmenters.reduce((t, a) => a.apply(t, rng), row.text);
        if (text === row.text) unchanged++;
        else copies.push({ ...row, id: `${row.id}~aug${k}`, text });
      }
    }
  }
  const rows = [...train, ...copies];
  return { rows, report: makeStageReport('augment', train.length, rows.length, { 'unchanged-copy': unchanged }) };
}
