import * as tf from '@tensorflow/tfjs';
import type { Example } from '../../core/example';
import { labelClasses } from '../training/label-classes';
import { ConfigError, TrainingDivergedError } from '../../core/errors';
import { accuracy, argmaxRows, logLoss, macroF1 } from '../../metrics/classification';
import type { ClassifierPartialEpoch } from '../classifier/classifier-checkpoint';
import { FusedAdamOptimizer } from '../runtime/fused-adam';
import { forEachSeededBatch } from '../training/epoch-batches';
import { EpochLedger } from '../training/epoch-ledger';
import type { ClassifierEpochMetrics } from '../training/epoch-metrics';
import type { AfterBatch } from '../training/training-loop';
import { openBaseModel } from './base-model-files';
import type { BertBatch } from './bert-tokenizer';
import {
  batchOf,
  buildTransformerClassifier,
  pooledFeatures,
  predictSet,
  trainableNames,
  type TransformerClassifier,
} from './transformer-classifier';
import {
  decodeTransformerCheckpoint,
  encodeTransformerCheckpoint,
  optimizerArrays,
  restoreOptimizerArrays,
  toArray,
  type BaseModelRef,
} from './transformer-checkpoint';
import { TransformerHyperparamsSchema, warmupLinearFactor } from './transformer-hyperparams';
import type { FrozenFeatures } from './feature-cache';

export interface TransformerTrainerInput {
  train: Example[];
  val: Example[];
  /** Class order of `predict` columns (>= 2, unique). */
  labels: string[];
  /** The trial's hyperparameters (transformer-hyperparams.ts). */
  params: Record<string, unknown>;
  seed: number;
  /** Planned epochs: the length of the warm-up + linear-decay schedule. */
  epochs: number;
  /** Wordpieces per text, [CLS] and [SEP] included; at most the base model's max_position_embeddings. */
  maxLen: number;
  base: BaseModelRef;
  /** The base model's files, path -> bytes (a plain object: it crosses into the training thread). */
  baseFiles: Record<string, Uint8Array>;
  /** Frozen mode: pooled features computed before (feature-cache.ts); setup then skips the encoder pass. */
  features?: FrozenFeatures;
}

/**
 * Fine-tunes a pretrained BERT-architecture encoder with a linear head, one
 * epoch per `runEpoch`, with exact resume like every family (training-loop.ts):
 * batch order from `createRng(seed).fork(epoch)`, AdamW moments and step
 * counts in the checkpoint, mid-epoch checkpoints at batch boundaries.
 * `frozen` computes the pooled features of train and val once in `setup` and
 * trains the head on them; `top-k` and `full` run the encoder forward and
 * backward every batch (no dropout in the encoder: it runs as in inference).
 * A checkpoint holds the trainable tensors and optimizer state and names the
 * base model by file hashes; restoring one trained from other base files is a
 * ConfigError.
 */
export interface TransformerTrainer {
  readonly epochsDone: number;
  readonly history: ClassifierEpochMetrics[];
  readonly stoppedEarly: boolean;
  readonly abortedAt: ClassifierPartialEpoch | null;
  setup(from?: Uint8Array): Promise<void>;
  runEpoch(signal?: AbortSignal, afterBatch?: AfterBatch<ClassifierPartialEpoch>): Promise<ClassifierEpochMetrics>;
  save(): Promise<Uint8Array>;
  predict(texts: string[]): Promise<number[][]>;
  /** Frozen mode: the pooled features of train and val (for the cache), after setup; else undefined. */
  frozenFeatures(): Promise<FrozenFeatures | undefined>;
  close(): void;
}

interface Session {
  model: TransformerClassifier;
  train: BertBatch;
  val: BertBatch;
  yTrain: Int32Array;
  yVal: number[];
  /** Frozen mode: pooled features `[rows * hidden]` of train and val. */
  features?: { train: Float32Array; val: Float32Array };
  encoder?: FusedAdamOptimizer;
  head: FusedAdamOptimizer;
}

/** @throws ConfigError for bad labels, hyperparameters or a maxLen above the base model's; DataError for a row label outside `labels`. */
export function createTransformerTrainer(input: TransformerTrainerInput): TransformerTrainer {
  const labels = [...input.labels];
  const hyper = TransformerHyperparamsSchema.parse(input.params);
  const classesOf = labelClasses('pretrained-transformer', labels);
  const yTrain = Int32Array.from(classesOf(input.train, 'train'));
  const yVal = classesOf(input.val, 'val');
  const ledger = new EpochLedger<ClassifierEpochMetrics, ClassifierPartialEpoch>('TransformerTrainer');
  const stepsPerEpoch = Math.ceil(input.train.length / hyper.batchSize);
  const totalSteps = Math.max(1, stepsPerEpoch * input.epochs);
  let s: Session | null = null;
  const need = () => {
    if (!s) throw new Error('TransformerTrainer: call setup() first (or it was closed)');
    return s;
  };

  async function setup(from?: Uint8Array): Promise<void> {
    if (s) throw new Error('TransformerTrainer: setup() called twice');
    await tf.ready();
    const opened = openBaseModel(new Map(Object.entries(input.baseFiles)));
    if (input.maxLen > opened.config.max_position_embeddings)
      throw new ConfigError(
        `model.maxLen ${input.maxLen} exceeds the base model's max_position_embeddings ${opened.config.max_position_embeddings}; lower model.maxLen`,
      );
    const restored = from ? decodeTransformerCheckpoint(from) : undefined;
    if (restored && !sameBase(restored.header.base, input.base))
      throw new ConfigError(
        `the checkpoint was trained from base model ${restored.header.base.name} with other file hashes than ${input.base.name} has now; resume with the same base model (re-import it) or start the trial afresh`,
      );
    const pooling = hyper.pooling === 'model' ? opened.pooling : hyper.pooling;
    const names = trainableNames(opened, hyper.mode, hyper.topLayers);
    const model = buildTransformerClassifier(opened, {
      classes: labels.length,
      trainable: names,
      pooling,
      seed: input.seed,
    });
    const encoder = names.length
      ? new FusedAdamOptimizer(hyper.learningRate, 0.9, 0.999, 1e-8, hyper.weightDecay)
      : undefined;
    encoder?.bindSlots(names.map((n) => model.trainable.get(n)!.name));
    const head = new FusedAdamOptimizer(hyper.headLearningRate, 0.9, 0.999, 1e-8, hyper.weightDecay);
    head.bindSlots([model.headW.name, model.headB.name]);
    const train = opened.tokenizer.encodeBatch(
      input.train.map((e) => e.text),
      input.maxLen,
    );
    const val = opened.tokenizer.encodeBatch(
      input.val.map((e) => e.text),
      input.maxLen,
    );
    s = { model, train, val, yTrain, yVal, head, ...(encoder ? { encoder } : {}) };
    if (restored) {
      const t = restored.tensors;
      const put = (v: tf.Variable, name: string) => {
        const x = tensorOf(t, name, v.shape);
        v.assign(x);
        x.dispose();
      };
      for (const [name, v] of model.trainable) put(v, `w/${name}`);
      put(model.headW, 'head/W');
      put(model.headB, 'head/b');
      if (encoder) await restoreOptimizerArrays('opt/encoder', encoder, t);
      await restoreOptimizerArrays('opt/head', head, t);
      ledger.restore(restored.header.epochsDone, restored.header.history, restored.header.partialEpoch ?? null);
    }
    if (hyper.mode === 'frozen') {
      const hidden = opened.config.hidden_size;
      const given = input.features;
      const fits =
        given && given.train.length === input.train.length * hidden && given.val.length === input.val.length * hidden;
      s.features = fits ? given : { train: pooledFeatures(model, train), val: pooledFeatures(model, val) };
    }
  }

  /** One optimizer step on `rows`; returns the batch's summed loss. */
  function step(sess: Session, rows: number[]): number {
    const { model } = sess;
    const factor = warmupLinearFactor(sess.head.iterations, totalSteps, hyper.warmupFraction);
    sess.head.setLearningRate(hyper.headLearningRate * factor);
    sess.encoder?.setLearningRate(hyper.learningRate * factor);
    const y = tf.oneHot(
      tf.tensor1d(
        Int32Array.from(rows, (r) => sess.yTrain[r]),
        'int32',
      ),
      labels.length,
    );
    const hidden = model.opened.config.hidden_size;
    const b = sess.features ? undefined : batchOf(sess.train, rows);
    const feats = sess.features
      ? tf.tensor2d(gatherRows(sess.features.train, rows, hidden), [rows.length, hidden])
      : undefined;
    const vars = [...model.trainable.values(), model.headW, model.headB];
    const { value, grads } = tf.variableGrads(() => {
      const pooled = feats ?? model.pooled(b!.ids, b!.mask, b!.types);
      return tf.losses.softmaxCrossEntropy(y, model.logits(pooled)) as tf.Scalar;
    }, vars);
    const loss = value.dataSync()[0];
    const pick = (list: readonly tf.Variable[]) => Object.fromEntries(list.map((v) => [v.name, grads[v.name]]));
    if (sess.encoder) sess.encoder.applyGradients(pick([...model.trainable.values()]));
    sess.head.applyGradients(pick([model.headW, model.headB]));
    tf.dispose([value, y, ...Object.values(grads), ...(feats ? [feats] : []), ...(b ? [b.ids, b.mask, b.types] : [])]);
    if (!Number.isFinite(loss))
      throw new TrainingDivergedError(`pretrained-transformer: loss is ${loss} at step ${sess.head.iterations}`);
    return loss * rows.length;
  }

  function valProbabilities(sess: Session): number[][] {
    if (!sess.features) return predictSet(sess.model, sess.val);
    const hidden = sess.model.opened.config.hidden_size;
    const n = sess.yVal.length;
    if (n === 0) return [];
    return tf.tidy(() => {
      const p = tf.softmax(sess.model.logits(tf.tensor2d(sess.features!.val, [n, hidden])));
      const k = labels.length;
      const flat = p.dataSync();
      return Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * k, (i + 1) * k)));
    });
  }

  async function checkpoint(sess: Session, partial?: ClassifierPartialEpoch): Promise<Uint8Array> {
    const { model } = sess;
    const tensors = [
      ...[...model.trainable].map(([name, v]) => toArray(`w/${name}`, v)),
      toArray('head/W', model.headW),
      toArray('head/b', model.headB),
      ...(sess.encoder ? await optimizerArrays('opt/encoder', sess.encoder) : []),
      ...(await optimizerArrays('opt/head', sess.head)),
    ];
    return encodeTransformerCheckpoint(
      {
        base: input.base,
        labels,
        hyper,
        pooling: model.pooling,
        maxLen: input.maxLen,
        seed: input.seed,
        epochsDone: ledger.epochsDone,
        history: ledger.history,
        ...(partial ? { partialEpoch: partial } : {}),
        trainable: [...model.trainable.keys()],
      },
      tensors,
    );
  }

  async function runEpoch(
    signal?: AbortSignal,
    afterBatch?: AfterBatch<ClassifierPartialEpoch>,
  ): Promise<ClassifierEpochMetrics> {
    const sess = need();
    const { epoch, from } = ledger.begin();
    const started = performance.now() - (from?.seconds ?? 0) * 1000;
    let lossSum = from?.trainLossSum ?? 0;
    try {
      await forEachSeededBatch(
        {
          rows: input.train.length,
          batchSize: hyper.batchSize,
          seed: input.seed,
          epoch,
          startBatch: from?.batchesDone ?? 0,
          signal,
        },
        async (rows, b) => {
          lossSum += step(sess, rows);
          const progress = {
            epoch,
            batchesDone: b + 1,
            trainLossSum: lossSum,
            seconds: (performance.now() - started) / 1000,
          };
          ledger.reached(progress);
          await afterBatch?.(progress, () => checkpoint(sess, progress));
        },
      );
      const probs = valProbabilities(sess);
      const pred = argmaxRows(probs);
      const seconds = (performance.now() - started) / 1000;
      const metrics: ClassifierEpochMetrics = {
        epoch,
        trainLoss: input.train.length ? lossSum / input.train.length : 0,
        valLoss: probs.length ? logLoss(sess.yVal, probs, 1e-7) : 0,
        valAccuracy: accuracy(sess.yVal, pred),
        valMacroF1: probs.length ? macroF1(sess.yVal, pred, labels.length) : 0,
        samplesPerSecond: input.train.length / Math.max(seconds, 1e-9),
        seconds,
        learningRate: sess.encoder?.getLearningRate() ?? sess.head.getLearningRate(),
      };
      ledger.finish(metrics);
      return metrics;
    } catch (err) {
      ledger.interrupted(err, signal);
      throw err;
    }
  }

  return {
    get epochsDone() {
      return ledger.epochsDone;
    },
    get history() {
      return ledger.history;
    },
    stoppedEarly: false,
    get abortedAt() {
      return ledger.abortedAt;
    },
    setup,
    runEpoch,
    save: async () => checkpoint(need(), ledger.savePoint().partial ?? undefined),
    predict: async (texts) => {
      const sess = need();
      return predictSet(sess.model, sess.model.opened.tokenizer.encodeBatch(texts, input.maxLen));
    },
    frozenFeatures: async () => need().features,
    close: () => {
      if (!s) return;
      s.model.dispose();
      s.encoder?.dispose();
      s.head.dispose();
      s = null;
    },
  };
}

function sameBase(a: BaseModelRef, b: BaseModelRef): boolean {
  const key = (r: BaseModelRef) =>
    r.files
      .map((f) => `${f.path}=${f.sha256}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

function tensorOf(
  t: ReadonlyMap<string, { values: Float32Array | Int32Array; shape: number[] }>,
  name: string,
  shape: number[],
): tf.Tensor {
  const a = t.get(name);
  if (!a || a.shape.join(',') !== shape.join(','))
    throw new ConfigError(
      `pretrained-transformer checkpoint: tensor ${name} is missing or has another shape than [${shape}]`,
    );
  return tf.tensor(a.values, shape, 'float32');
}

function gatherRows(flat: Float32Array, rows: readonly number[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, i) => out.set(flat.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

/**
 * A saved pretrained-transformer model for inference: the base model's files (by the hashes its
 * header names, `baseFiles`) with the checkpoint's trained tensors and head.
 */
export async function loadTransformerClassifier(
  bytes: Uint8Array,
  readBaseFiles: (ref: BaseModelRef) => Promise<Record<string, Uint8Array>>,
): Promise<{
  labels: string[];
  history: ClassifierEpochMetrics[];
  predict(texts: string[]): Promise<number[][]>;
  close(): void;
}> {
  const { header } = decodeTransformerCheckpoint(bytes);
  const trainer = createTransformerTrainer({
    train: [],
    val: [],
    labels: header.labels,
    params: header.hyper,
    seed: header.seed,
    epochs: Math.max(1, header.epochsDone),
    maxLen: header.maxLen,
    base: header.base,
    baseFiles: await readBaseFiles(header.base),
  });
  await trainer.setup(bytes);
  return {
    labels: header.labels.slice(),
    history: header.history,
    predict: (t) => trainer.predict(t),
    close: () => trainer.close(),
  };
}
