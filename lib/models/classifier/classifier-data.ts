import * as tf from '@tensorflow/tfjs';
import { DataError } from '../../core/errors';
import type { Example } from '../../core/example';

/** A dataset encoded once for training/evaluation: token ids and class indices. */
export interface EncodedSet {
  /** Row-major `[n, maxLen]` token ids. */
  ids: Int32Array;
  /** Class index per row, into the trainer's `labels`. */
  classes: Int32Array;
  n: number;
  maxLen: number;
}

/** Encodes examples; throws DataError naming the first row whose label is not in `labels`. */
/** Any tokenizer with a fixed-length batch encoder (word-level or BPE). */
export interface FixedLengthEncoder {
  readonly maxLen: number;
  encode(texts: readonly string[]): Int32Array;
}

export function encodeExamples(
  examples: readonly Example[],
  labels: readonly string[],
  tokenizer: FixedLengthEncoder,
): EncodedSet {
  const index = new Map(labels.map((l, i) => [l, i]));
  const classes = new Int32Array(examples.length);
  examples.forEach((e, i) => {
    const c = index.get(e.label);
    if (c === undefined) {
      throw new DataError(
        `example ${e.id} has label "${e.label}", which is not one of the ${labels.length} labels [${labels.join(', ')}]`,
        {
          id: e.id,
          label: e.label,
        },
      );
    }
    classes[i] = c;
  });
  return { ids: tokenizer.encode(examples.map((e) => e.text)), classes, n: examples.length, maxLen: tokenizer.maxLen };
}

/**
 * Gathers the given rows into a batch: int32 ids `[b, maxLen]` and float32
 * one-hot `[b, numClasses]`. With `classWeights` the one-hot entry is the
 * class's weight instead of 1: categorical cross-entropy `-sum(y * log p)` is
 * then the weighted loss, at no extra cost. Caller disposes.
 */
export function makeBatch(
  set: EncodedSet,
  rows: readonly number[],
  numClasses: number,
  classWeights?: Float32Array,
): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const ids = new Int32Array(rows.length * set.maxLen);
  const oneHot = new Float32Array(rows.length * numClasses);
  rows.forEach((r, i) => {
    ids.set(set.ids.subarray(r * set.maxLen, (r + 1) * set.maxLen), i * set.maxLen);
    oneHot[i * numClasses + set.classes[r]] = classWeights ? classWeights[set.classes[r]] : 1;
  });
  return {
    x: tf.tensor2d(ids, [rows.length, set.maxLen], 'int32'),
    y: tf.tensor2d(oneHot, [rows.length, numClasses], 'float32'),
  };
}

/**
 * Class probabilities for `[n, maxLen]` token ids, computed in chunks to bound
 * memory; inference mode (dropout off). Leaves no tensors behind.
 */
export function predictIds(model: tf.LayersModel, ids: Int32Array, n: number, maxLen: number, chunk = 512): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < n; start += chunk) {
    const rows = Math.min(chunk, n - start);
    const probs = tf.tidy(() => {
      const x = tf.tensor2d(ids.subarray(start * maxLen, (start + rows) * maxLen), [rows, maxLen], 'int32');
      return (model.predict(x) as tf.Tensor2D).arraySync();
    });
    for (const row of probs) out.push(row);
  }
  return out;
}

/** True if every value of every weight of the model is finite. */
export function weightsAreFinite(model: tf.LayersModel): boolean {
  for (const w of model.getWeights()) {
    const values = w.dataSync();
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  }
  return true;
}
