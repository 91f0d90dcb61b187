import * as tf from '@tensorflow/tfjs';
import { decodeCheckpoint, encodeCheckpoint, type NamedArray } from '../training/checkpoint-codec';
import type { TextClassifierOptions } from './text-classifier';
import type { WordTokenizerJson } from '../tokenizers/word-tokenizer';
import type { BpeTokenizerJson } from '../tokenizers/bpe-tokenizer';
import type { EpochProgress } from '../training/epoch-ledger';

/** Identifies this family's checkpoints; bump CLASSIFIER_CHECKPOINT_VERSION on any layout change. */
export const CLASSIFIER_CHECKPOINT_FORMAT = 'finetune-flow/text-classifier';
export const CLASSIFIER_CHECKPOINT_VERSION = 1;

/**
 * JSON header of a text-classifier checkpoint. `model` is the topology (the
 * family's options; the graph is rebuilt by `buildTextClassifier`), `epochsDone`
 * and `history` make a restored trainer continue where the saved one stopped.
 */
export interface ClassifierCheckpointHeader {
  format: typeof CLASSIFIER_CHECKPOINT_FORMAT;
  version: number;
  labels: string[];
  /** Word-level, or the BPE tokenizer of the LM the classifier was fine-tuned from. */
  tokenizer: WordTokenizerJson | BpeTokenizerJson;
  model: TextClassifierOptions;
  seed: number;
  epochsDone: number;
  history: unknown[];
  optimizer: { name: 'adam'; learningRate: number; iterations: number } | null;
  /** Set when saved mid-epoch, at a batch boundary: how far into epoch `epochsDone + 1` it got. Absent in epoch-end checkpoints. */
  partialEpoch?: ClassifierPartialEpoch;
  [key: string]: unknown;
}

/**
 * Progress inside an unfinished epoch, at a batch boundary: the epoch (1-based),
 * batches trained, the example-weighted sum of their losses and the seconds
 * spent, so the resumed epoch ends with the same metrics as an uninterrupted one.
 */
export interface ClassifierPartialEpoch extends EpochProgress {
  trainLossSum: number;
  seconds: number;
}

/** Weights and Adam state pulled out of tfjs as plain arrays (no tensors kept). */
export interface ModelState {
  weights: NamedArray[];
  optimizerIterations: number;
  optimizerMoments: NamedArray[];
}

function toArray(name: string, t: tf.Tensor): NamedArray {
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
  const data = t.dataSync();
  const values = dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data);
  return { name, shape: t.shape.slice(), dtype, values };
}

/**
 * The model's weights in layer order. Unlike `model.weights` (trainable first,
 * then frozen), this order does not change when layers are frozen, so
 * checkpoints of partly frozen models restore by position.
 */
export function orderedWeights(model: tf.LayersModel): tf.LayerVariable[] {
  return model.layers.flatMap((l) => l.weights);
}

/** Snapshots model weights (in {@link orderedWeights} order) and, if given, Adam's moments and iteration count. */
export async function captureState(model: tf.LayersModel, optimizer: tf.Optimizer | null): Promise<ModelState> {
  const weights = orderedWeights(model).map((w, i) => toArray(`model/${i}/${w.originalName}`, w.read()));
  if (!optimizer) return { weights, optimizerIterations: 0, optimizerMoments: [] };
  const [iter, ...moments] = await optimizer.getWeights();
  const optimizerIterations = (await iter.tensor.data())[0];
  iter.tensor.dispose(); // getWeights() allocates a fresh scalar for the iteration count
  const optimizerMoments = moments.map((m, i) => toArray(`adam/${i}`, m.tensor));
  return { weights, optimizerIterations, optimizerMoments };
}

/** Writes weights into the model by position; throws if count or shapes differ (wrong topology). */
export function restoreWeights(model: tf.LayersModel, weights: readonly NamedArray[]): void {
  const targets = orderedWeights(model);
  if (targets.length !== weights.length)
    throw new Error(`checkpoint has ${weights.length} weights, model has ${targets.length}`);
  const tensors = weights.map((w, i) => {
    const expected = targets[i].shape;
    if (expected.join(',') !== w.shape.join(',')) {
      throw new Error(`checkpoint weight ${w.name} has shape [${w.shape}], model expects [${expected}]`);
    }
    return tf.tensor(w.values, w.shape, w.dtype);
  });
  targets.forEach((v, i) => v.write(tensors[i]));
  tf.dispose(tensors);
}

/**
 * Restores Adam's moments and iteration count. Must run on a fresh optimizer
 * (before any step); moment order is the model's trainable-weights order, which
 * is identical for every model built from the same options.
 */
export async function restoreOptimizer(
  optimizer: tf.Optimizer,
  iterations: number,
  moments: readonly NamedArray[],
): Promise<void> {
  if (moments.length === 0) return;
  const iter = tf.scalar(iterations, 'int32');
  const tensors = moments.map((m) => tf.tensor(m.values, m.shape, m.dtype));
  await optimizer.setWeights([
    { name: 'iter', tensor: iter },
    ...tensors.map((tensor, i) => ({ name: moments[i].name, tensor })),
  ]);
  // setWeights wraps each tensor in a new variable that shares (ref-counts) its data.
  tf.dispose([iter, ...tensors]);
}

/** Serialises header + state into self-describing checkpoint bytes. */
export function encodeClassifierCheckpoint(header: ClassifierCheckpointHeader, state: ModelState): Uint8Array {
  return encodeCheckpoint(header, [...state.weights, ...state.optimizerMoments]);
}

/** Parses checkpoint bytes; throws if the format or version is not this family's. */
export function decodeClassifierCheckpoint(bytes: Uint8Array): {
  header: ClassifierCheckpointHeader;
  state: ModelState;
} {
  const { header, tensors } = decodeCheckpoint<ClassifierCheckpointHeader>(bytes);
  if (header.format !== CLASSIFIER_CHECKPOINT_FORMAT || header.version !== CLASSIFIER_CHECKPOINT_VERSION) {
    throw new Error(
      `unsupported checkpoint ${String(header.format)} v${String(header.version)}; expected ${CLASSIFIER_CHECKPOINT_FORMAT} v${CLASSIFIER_CHECKPOINT_VERSION}`,
    );
  }
  return {
    header,
    state: {
      weights: tensors.filter((t) => t.name.startsWith('model/')),
      optimizerIterations: header.optimizer?.iterations ?? 0,
      optimizerMoments: tensors.filter((t) => t.name.startsWith('adam/')),
    },
  };
}
