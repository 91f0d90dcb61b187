import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../core/errors';
import { createRng } from '../../core/rng';
import type { OpenedBaseModel } from './base-model-files';
import { bertTensorShapes } from './bert-config';
import { bertForward, maskedMean, type BertWeights } from './bert-encoder';
import type { BertBatch } from './bert-tokenizer';

/**
 * A BERT encoder with a linear classification head, as tfjs tensors: the
 * weights the run trains are tf.Variables, the rest plain tensors of the base
 * model. Shared by the trainer and the loader of saved models, so training
 * and prediction run the very same forward.
 */
export interface TransformerClassifier {
  readonly opened: OpenedBaseModel;
  readonly weights: BertWeights;
  /** Encoder weights that train, by Hugging Face name. */
  readonly trainable: ReadonlyMap<string, tf.Variable>;
  readonly headW: tf.Variable;
  readonly headB: tf.Variable;
  readonly pooling: 'mean' | 'cls';
  /** Pooled encoder output `[rows, hidden]` of a batch. */
  pooled(ids: tf.Tensor2D, mask: tf.Tensor2D, types: tf.Tensor2D): tf.Tensor2D;
  /** Class logits `[rows, classes]` from pooled features. */
  logits(pooled: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

let instances = 0;

/** Names of the encoder weights of the top `k` layers (`encoder.layer.<l>.`), or of all with `k` = Infinity. */
export function trainableNames(opened: OpenedBaseModel, mode: 'frozen' | 'top-k' | 'full', k: number): string[] {
  const all = [...bertTensorShapes(opened.config).keys()];
  if (mode === 'frozen') return [];
  if (mode === 'full') return all;
  const layers = opened.config.num_hidden_layers;
  if (k > layers)
    throw new ConfigError(
      `topLayers ${k} exceeds the base model's ${layers} layers; use at most ${layers} (or mode full)`,
    );
  const first = layers - k;
  return all.filter((n) => {
    const m = /^encoder\.layer\.(\d+)\./.exec(n);
    return m !== null && Number(m[1]) >= first;
  });
}

/**
 * Builds the classifier over `opened`: encoder weights named in `trainable` become variables; the
 * head is Glorot-uniform from `seed` (bias 0). Variables get names unique in this thread.
 */
export function buildTransformerClassifier(
  opened: OpenedBaseModel,
  options: { classes: number; trainable: readonly string[]; pooling: 'mean' | 'cls'; seed: number },
): TransformerClassifier {
  const id = `ptc${++instances}`;
  const shapes = bertTensorShapes(opened.config);
  const train = new Set(options.trainable);
  const weights = new Map<string, tf.Tensor>();
  const trainable = new Map<string, tf.Variable>();
  for (const [name, shape] of shapes) {
    const t = tf.tensor(opened.tensors.get(name)!.values, shape, 'float32');
    if (train.has(name)) {
      const v = tf.variable(t, true, `${id}/${name}`);
      t.dispose();
      trainable.set(name, v);
      weights.set(name, v);
    } else weights.set(name, t);
  }
  const hidden = opened.config.hidden_size;
  const rng = createRng(options.seed).fork('head');
  const limit = Math.sqrt(6 / (hidden + options.classes));
  const init = Float32Array.from({ length: hidden * options.classes }, () => (rng.next() * 2 - 1) * limit);
  const headW = tf.variable(tf.tensor2d(init, [hidden, options.classes]), true, `${id}/head/W`);
  const headB = tf.variable(tf.zeros([options.classes]), true, `${id}/head/b`);
  const config = opened.config;
  return {
    opened,
    weights,
    trainable,
    headW,
    headB,
    pooling: options.pooling,
    pooled: (ids, mask, types) =>
      tf.tidy(() => {
        const h = bertForward(weights, config, ids, mask, types);
        return options.pooling === 'mean'
          ? maskedMean(h, mask)
          : (h.slice([0, 0, 0], [h.shape[0], 1, h.shape[2]]).reshape([h.shape[0], h.shape[2]]) as tf.Tensor2D);
      }),
    logits: (pooled) => tf.tidy(() => pooled.matMul(headW).add(headB) as tf.Tensor2D),
    dispose: () => {
      for (const t of weights.values()) t.dispose();
      headW.dispose();
      headB.dispose();
    },
  };
}

/** Rows `rows` of a tokenized set as int32 tensors, cut to the longest row's length (trailing padding only). */
export function batchOf(
  set: BertBatch,
  rows: readonly number[],
): { ids: tf.Tensor2D; mask: tf.Tensor2D; types: tf.Tensor2D } {
  const t = set.maxLen;
  let len = 1;
  for (const r of rows) {
    let n = 0;
    for (let j = 0; j < t; j++) n += set.mask[r * t + j];
    len = Math.max(len, n);
  }
  const pick = (src: Int32Array) => {
    const out = new Int32Array(rows.length * len);
    rows.forEach((r, i) => out.set(src.subarray(r * t, r * t + len), i * len));
    return tf.tensor2d(out, [rows.length, len], 'int32');
  };
  return { ids: pick(set.ids), mask: pick(set.mask), types: pick(set.types) };
}

/** Pooled features of every row of `set`, `[n * hidden]` row-major, in chunks of `chunk` rows. */
export function pooledFeatures(model: TransformerClassifier, set: BertBatch, chunk = 32): Float32Array {
  const n = set.ids.length / set.maxLen;
  const hidden = model.opened.config.hidden_size;
  const out = new Float32Array(n * hidden);
  for (let start = 0; start < n; start += chunk) {
    const rows = Array.from({ length: Math.min(chunk, n - start) }, (_, i) => start + i);
    const b = batchOf(set, rows);
    const p = model.pooled(b.ids, b.mask, b.types);
    out.set(p.dataSync(), start * hidden);
    tf.dispose([p, b.ids, b.mask, b.types]);
  }
  return out;
}

/** Class probabilities of every row of `set` (rows of `[classes]`). */
export function predictSet(model: TransformerClassifier, set: BertBatch, chunk = 32): number[][] {
  const n = set.ids.length / set.maxLen;
  const out: number[][] = [];
  for (let start = 0; start < n; start += chunk) {
    const rows = Array.from({ length: Math.min(chunk, n - start) }, (_, i) => start + i);
    const b = batchOf(set, rows);
    const probs = tf.tidy(() => tf.softmax(model.logits(model.pooled(b.ids, b.mask, b.types))));
    const k = probs.shape[1]!;
    const flat = probs.dataSync();
    for (let i = 0; i < rows.length; i++) out.push(Array.from(flat.subarray(i * k, (i + 1) * k)));
    tf.dispose([probs, b.ids, b.mask, b.types]);
  }
  return out;
}
