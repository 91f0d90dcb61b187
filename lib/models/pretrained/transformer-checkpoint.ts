import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../core/errors';
import { decodeCheckpoint, encodeCheckpoint, type NamedArray } from '../training/checkpoint-codec';
import type { ClassifierEpochMetrics } from '../training/epoch-metrics';
import type { ClassifierPartialEpoch } from '../classifier/classifier-checkpoint';
import type { TransformerHyperparams } from './transformer-hyperparams';

export const TRANSFORMER_CHECKPOINT_FORMAT = 'finetune-flow/pretrained-transformer';
const VERSION = 1;

/** Which base model a checkpoint was trained from: its registry name and every file's sha256. */
export interface BaseModelRef {
  name: string;
  files: { path: string; sha256: string }[];
}

/**
 * A pretrained-transformer checkpoint holds only what training changed: the trainable
 * encoder tensors (`w/<HF name>`), the head (`head/W`, `head/b`) and the optimizers'
 * moments, plus the base model by hash; the frozen rest is read from the base model.
 * A 22M-parameter MiniLM checkpoint in frozen mode is therefore a few KB, top-2 ~14 MB.
 */
export interface TransformerCheckpointHeader {
  format: typeof TRANSFORMER_CHECKPOINT_FORMAT;
  version: number;
  base: BaseModelRef;
  labels: string[];
  hyper: TransformerHyperparams;
  pooling: 'mean' | 'cls';
  maxLen: number;
  seed: number;
  epochsDone: number;
  history: ClassifierEpochMetrics[];
  partialEpoch?: ClassifierPartialEpoch;
  trainable: string[];
  [key: string]: unknown;
}

/** Plain values of a tensor for the codec. */
export function toArray(name: string, t: tf.Tensor): NamedArray {
  return { name, shape: t.shape.slice(), dtype: 'float32', values: t.dataSync() as Float32Array };
}

export function encodeTransformerCheckpoint(
  header: Omit<TransformerCheckpointHeader, 'format' | 'version'>,
  tensors: NamedArray[],
): Uint8Array {
  return encodeCheckpoint({ format: TRANSFORMER_CHECKPOINT_FORMAT, version: VERSION, ...header }, tensors);
}

/** True when `bytes` are a checkpoint of this family (reads the header only). */
export function isTransformerCheckpoint(bytes: Uint8Array): boolean {
  try {
    return decodeCheckpoint<{ format?: string }>(bytes).header.format === TRANSFORMER_CHECKPOINT_FORMAT;
  } catch {
    return false;
  }
}

export function decodeTransformerCheckpoint(bytes: Uint8Array): {
  header: TransformerCheckpointHeader;
  tensors: Map<string, NamedArray>;
} {
  const { header, tensors } = decodeCheckpoint<TransformerCheckpointHeader>(bytes);
  if (header.format !== TRANSFORMER_CHECKPOINT_FORMAT || header.version !== VERSION)
    throw new ConfigError(
      `not a pretrained-transformer checkpoint (format ${JSON.stringify(header.format)} v${header.version}, expected ${TRANSFORMER_CHECKPOINT_FORMAT} v${VERSION})`,
    );
  return { header, tensors: new Map(tensors.map((t) => [t.name, t])) };
}

/** Optimizer state as named arrays under `prefix/` (iteration count first). */
export async function optimizerArrays(prefix: string, optimizer: tf.Optimizer): Promise<NamedArray[]> {
  const [iter, ...moments] = await optimizer.getWeights();
  const iterations = (await iter.tensor.data())[0];
  iter.tensor.dispose();
  return [
    { name: `${prefix}/iter`, shape: [1], dtype: 'float32', values: Float32Array.of(iterations) },
    ...moments.map((m, i) => toArray(`${prefix}/${i}`, m.tensor)),
  ];
}

/** Restores what {@link optimizerArrays} saved into a fresh optimizer (no step taken yet). */
export async function restoreOptimizerArrays(
  prefix: string,
  optimizer: tf.Optimizer,
  tensors: ReadonlyMap<string, NamedArray>,
): Promise<void> {
  const iter = tensors.get(`${prefix}/iter`);
  if (!iter) return;
  const moments: NamedArray[] = [];
  for (let i = 0; tensors.has(`${prefix}/${i}`); i++) moments.push(tensors.get(`${prefix}/${i}`)!);
  const it = tf.scalar(iter.values[0], 'int32');
  const ts = moments.map((m) => tf.tensor(m.values, m.shape, 'float32'));
  await optimizer.setWeights([
    { name: 'iter', tensor: it },
    ...ts.map((tensor, i) => ({ name: moments[i].name, tensor })),
  ]);
  tf.dispose([it, ...ts]);
}
