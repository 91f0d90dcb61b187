import { ConfigError } from '../../core/errors';
import type { NamedArray } from '../training/checkpoint-codec';
import { decodeClassifierCheckpoint } from './classifier-checkpoint';
import { tokenizerFromJSON, type TextTokenizer } from './classifier-from-lm';
import { TextClassifierOptionsSchema, type TextClassifierOptions } from './text-classifier';

/**
 * Continue fine-tuning from an earlier classifier (`model.initFrom`): the new
 * run takes the checkpoint's tokenizer, topology and weights, but not its
 * optimizer state, epoch count or history (a fresh run on new data). Token
 * ids and output columns only mean the same thing when the tokenizer and the
 * label set are the checkpoint's, so mismatches are config errors, not
 * silent re-interpretations.
 */
export interface ClassifierInitBase {
  tokenizer: TextTokenizer;
  /** The checkpoint's topology with the trial's dropout (a rate, not a weight). */
  options: TextClassifierOptions;
  /** Weights in orderedWeights order, output columns already in the trial's label order. */
  weights: NamedArray[];
}

const FIELD = 'model.initFrom';

/** Where each compared option is set in an experiment config, for error messages. */
function configField(key: string): string {
  if (key === 'embeddingDim' || key === 'encoder') return `the ${key} hyperparameter (search.space.${key})`;
  if (key === 'maxLen' || key === 'vocabSize') return `model.${key}`;
  return `model.encoderOptions.${key}`;
}

/** Option keys that shape weights or token ids: sizes of other encoders never matter. */
function comparedKeys(options: TextClassifierOptions, bpe: boolean): (keyof TextClassifierOptions)[] {
  const prefix = { average: null, cnn: 'cnn', bigru: 'gru', transformer: 'transformer' }[options.encoder];
  const keys = Object.keys(options) as (keyof TextClassifierOptions)[];
  return keys.filter((k) => {
    if (k === 'dropout' || (k === 'vocabSize' && bpe)) return false; // BPE: the LM's vocabulary, not model.vocabSize
    if (/^(cnn|gru|transformer)[A-Z]/.test(k)) return prefix !== null && k.startsWith(prefix);
    return true;
  });
}

/** Reorders the output layer's columns (the last two weights: kernel [units, C], bias [C]) from `from` to `to` label order. */
function reorderClasses(weights: NamedArray[], from: string[], to: string[]): NamedArray[] {
  const perm = to.map((l) => from.indexOf(l));
  const out = weights.slice();
  for (const i of [out.length - 2, out.length - 1]) {
    const w = out[i];
    const cols = w.shape[w.shape.length - 1];
    const values = new Float32Array(w.values.length);
    for (let r = 0; r < w.values.length / cols; r++)
      perm.forEach((src, c) => {
        values[r * cols + c] = w.values[r * cols + src];
      });
    out[i] = { ...w, values };
  }
  return out;
}

/**
 * Reads a classifier checkpoint for `model.initFrom` and checks it against
 * the trial: `labels` must be the checkpoint's label set (any order: output
 * columns are permuted), and `fresh` (the options the trial would build
 * without initFrom) must agree on every option that shapes weights or token
 * ids. Throws ConfigError naming the config field, both values and the fix;
 * foreign bytes are a ConfigError too.
 */
export function classifierInitBase(
  bytes: Uint8Array,
  labels: string[],
  fresh: TextClassifierOptions,
): ClassifierInitBase {
  let decoded: ReturnType<typeof decodeClassifierCheckpoint>;
  try {
    decoded = decodeClassifierCheckpoint(bytes);
  } catch (err) {
    throw new ConfigError(
      `${FIELD} is not a text-classifier checkpoint (${(err as Error).message}); point it at a trial's model artifact or a registered model's member`,
      { field: FIELD },
    );
  }
  const { header, state } = decoded;
  const same = header.labels.length === labels.length && labels.every((l) => header.labels.includes(l));
  if (!same) {
    throw new ConfigError(
      `${FIELD}: the checkpoint's labels [${header.labels.join(', ')}] differ from this run's labels [${labels.join(', ')}]; ` +
        'fine-tune from a model trained on the same label set (dataset.labels), or drop model.initFrom',
      { field: FIELD, checkpointLabels: header.labels, labels },
    );
  }
  const saved = TextClassifierOptionsSchema.parse(header.model);
  const tokenizer = tokenizerFromJSON(header.tokenizer);
  for (const key of comparedKeys(saved, 'kind' in header.tokenizer && header.tokenizer.kind === 'bpe')) {
    if (saved[key] !== fresh[key]) {
      throw new ConfigError(
        `${FIELD}: the checkpoint was trained with ${key} ${String(saved[key])} but this trial uses ${String(fresh[key])}; ` +
          `set ${configField(key)} to ${String(saved[key])} (the checkpoint's tokenizer and weights fix it), or drop model.initFrom`,
        { field: FIELD, option: key, checkpoint: saved[key], trial: fresh[key] },
      );
    }
  }
  const weights =
    header.labels.join('\u0000') === labels.join('\u0000')
      ? state.weights
      : reorderClasses(state.weights, header.labels, labels);
  return { tokenizer, options: { ...saved, dropout: fresh.dropout }, weights };
}
