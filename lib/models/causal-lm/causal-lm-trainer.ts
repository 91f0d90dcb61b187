import type { LmEpochMetrics } from '../training/epoch-metrics';
import * as tf from '@tensorflow/tfjs';
import { ConfigError, TrainingDivergedError } from '../../core/errors';
import { perplexityFromMeanNll } from '../../metrics/perplexity';
import { BpeTokenizer, type BpeTokenizerJson } from '../tokenizers/bpe-tokenizer';
import { decodeCheckpoint, encodeCheckpoint } from '../training/checkpoint-codec';
import { captureState, restoreOptimizer, restoreWeights } from '../classifier/classifier-checkpoint';
import {
  buildCausalLm,
  CausalLmOptionsSchema,
  lmSequences,
  maskedNll,
  type CausalLmOptions,
  type LmSequences,
} from './causal-lm';
import { forEachSeededBatch } from '../training/epoch-batches';
import { EpochLedger, type EpochProgress } from '../training/epoch-ledger';
import type { FusedAdamOptimizer } from '../runtime/fused-adam';
import { registerFastKernels } from '../runtime/kernels';
import { createTrainingAdam } from '../training/training-optimizer';

/** Identifies causal-LM checkpoints (same container as the classifier's, checkpoint-codec.ts). */
export const LM_CHECKPOINT_FORMAT = 'finetune-flow/causal-lm';
export const LM_CHECKPOINT_VERSION = 1;

export interface CausalLmTrainerInput {
  /** Unlabeled domain text, one document or sentence per entry. */
  train: string[];
  /** Held-out text for perplexity. */
  val: string[];
  options?: Partial<CausalLmOptions>;
  learningRate: number;
  batchSize: number;
  seed: number;
  /** Decoupled (AdamW) weight decay; default 0. */
  weightDecay?: number;
}

export type { LmEpochMetrics } from '../training/epoch-metrics';

/** JSON header of an LM checkpoint; `tokenizer` is what a classifier fine-tuned from it must use. */
export interface LmCheckpointHeader {
  format: typeof LM_CHECKPOINT_FORMAT;
  version: number;
  tokenizer: BpeTokenizerJson;
  model: CausalLmOptions;
  seed: number;
  epochsDone: number;
  history: LmEpochMetrics[];
  optimizer: { name: 'adam'; iterations: number };
  /** Set when saved mid-epoch, at a batch boundary: how far into epoch `epochsDone + 1` it got. */
  partialEpoch?: LmPartialEpoch;
  [key: string]: unknown;
}

/** Progress inside an unfinished LM epoch at a batch boundary: token-weighted loss sum, tokens and seconds so far. */
export interface LmPartialEpoch extends EpochProgress {
  lossSum: number;
  tokens: number;
  seconds: number;
}

/** Called after every batch with the epoch's progress and a `checkpoint()` of that boundary. */
export type LmAfterBatch = (progress: LmPartialEpoch, checkpoint: () => Promise<Uint8Array>) => void | Promise<void>;

/**
 * Trains the causal LM one epoch at a time with exact resume, like the
 * classifier trainer: batch order from `shuffled(rows, createRng(seed).fork(epoch))`,
 * no dropout, Adam state, history and (mid-epoch) the batch position and loss
 * sums in the checkpoint, so a run restored from `save()` continues
 * bit-for-bit as the uninterrupted run (same backend).
 */
export interface CausalLmTrainer {
  readonly epochsDone: number;
  readonly history: LmEpochMetrics[];
  /** The fitted (or restored) tokenizer; throws before setup(). */
  readonly tokenizer: BpeTokenizer;
  /** Restores from `save()` bytes, or fits the tokenizer on `train` and initialises fresh. */
  setup(from?: Uint8Array): Promise<void>;
  /**
   * One epoch (or the rest of it, when set up from a mid-epoch checkpoint); TrainingDivergedError
   * on a non-finite loss; honours `signal` between batches (`save()` then keeps that boundary);
   * `afterBatch` may take a checkpoint of every batch boundary.
   */
  runEpoch(signal?: AbortSignal, afterBatch?: LmAfterBatch): Promise<LmEpochMetrics>;
  /** Where the last runEpoch stopped when it was aborted between batches (null otherwise). */
  readonly abortedAt: LmPartialEpoch | null;
  /** Mean NLL and perplexity on the val texts (inference, no weight change). */
  evaluate(): { meanNll: number; perplexity: number; tokens: number };
  save(): Promise<Uint8Array>;
  close(): void;
}

interface Session {
  tokenizer: BpeTokenizer;
  options: CausalLmOptions;
  model: tf.LayersModel;
  optimizer: FusedAdamOptimizer;
  train: LmSequences;
  val: LmSequences;
}

/** Parses LM checkpoint bytes; throws if they are not this family's. */
export function decodeLmCheckpoint(bytes: Uint8Array): {
  header: LmCheckpointHeader;
  tensors: ReturnType<typeof decodeCheckpoint>['tensors'];
} {
  const { header, tensors } = decodeCheckpoint<LmCheckpointHeader>(bytes);
  if (header.format !== LM_CHECKPOINT_FORMAT || header.version !== LM_CHECKPOINT_VERSION) {
    throw new ConfigError(
      `not a causal-LM checkpoint: ${String(header.format)} v${String(header.version)}; expected ${LM_CHECKPOINT_FORMAT} v${LM_CHECKPOINT_VERSION}`,
    );
  }
  return { header, tensors };
}

/** Rebuilds an LM (weights restored) from checkpoint bytes, for inference or transfer. Caller disposes the model. */
export function loadCausalLm(bytes: Uint8Array): {
  header: LmCheckpointHeader;
  model: tf.LayersModel;
  tokenizer: BpeTokenizer;
} {
  const { header, tensors } = decodeLmCheckpoint(bytes);
  const model = buildCausalLm(CausalLmOptionsSchema.parse(header.model), header.seed);
  try {
    restoreWeights(
      model,
      tensors.filter((t) => t.name.startsWith('model/')),
    );
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { header, model, tokenizer: BpeTokenizer.fromJSON(header.tokenizer) };
}

function batchTensors(set: LmSequences, rows: readonly number[]): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const { maxLen } = set;
  const x = new Int32Array(rows.length * maxLen);
  const y = new Int32Array(rows.length * maxLen);
  rows.forEach((r, i) => {
    x.set(set.inputs.subarray(r * maxLen, (r + 1) * maxLen), i * maxLen);
    y.set(set.targets.subarray(r * maxLen, (r + 1) * maxLen), i * maxLen);
  });
  return { x: tf.tensor2d(x, [rows.length, maxLen], 'int32'), y: tf.tensor2d(y, [rows.length, maxLen], 'int32') };
}

/** Total NLL and token count of `set` under `model`, in chunks; leaves no tensors. */
export function sequenceNll(model: tf.LayersModel, set: LmSequences, chunk = 256): { nll: number; tokens: number } {
  let nll = 0;
  let tokens = 0;
  for (let start = 0; start < set.n; start += chunk) {
    const rows = Array.from({ length: Math.min(chunk, set.n - start) }, (_, i) => start + i);
    const [s, c] = tf.tidy(() => {
      const { x, y } = batchTensors(set, rows);
      const { sum, count } = maskedNll(model.predict(x) as tf.Tensor, y);
      return [sum.dataSync()[0], count.dataSync()[0]];
    });
    nll += s;
    tokens += c;
  }
  return { nll, tokens };
}

/**
 * Creates an LM trainer; nothing is allocated until `setup()`.
 * Errors: ConfigError for bad hyperparameters or a foreign checkpoint,
 * TrainingDivergedError for a NaN/inf loss.
 */
export function createCausalLmTrainer(input: CausalLmTrainerInput): CausalLmTrainer {
  if (!(input.learningRate > 0) || !Number.isInteger(input.batchSize) || input.batchSize < 1) {
    throw new ConfigError('causal LM: learningRate must be > 0 and batchSize an integer >= 1', {
      learningRate: input.learningRate,
      batchSize: input.batchSize,
    });
  }
  const ledger = new EpochLedger<LmEpochMetrics, LmPartialEpoch>('CausalLmTrainer');
  let session: Session | null = null;
  const need = (): Session => {
    if (!session) throw new Error('CausalLmTrainer: call setup() first (or it was closed)');
    return session;
  };

  async function setup(from?: Uint8Array): Promise<void> {
    if (session) throw new Error('CausalLmTrainer: setup() called twice');
    await tf.ready();
    if (tf.getBackend() === 'cpu') registerFastKernels();
    const restored = from ? decodeLmCheckpoint(from) : null;
    const options = CausalLmOptionsSchema.parse(restored ? restored.header.model : (input.options ?? {}));
    const tokenizer = restored
      ? BpeTokenizer.fromJSON(restored.header.tokenizer)
      : BpeTokenizer.fit(input.train, { vocabSize: options.vocabSize, maxLen: options.maxLen });
    const model = buildCausalLm(options, restored?.header.seed ?? input.seed);
    const optimizer = createTrainingAdam(input.learningRate, input.weightDecay ?? 0);
    try {
      optimizer.bindSlots(model.trainableWeights.map((w) => w.name));
      if (restored) {
        restoreWeights(
          model,
          restored.tensors.filter((t) => t.name.startsWith('model/')),
        );
        await restoreOptimizer(
          optimizer,
          restored.header.optimizer.iterations,
          restored.tensors.filter((t) => t.name.startsWith('adam/')),
        );
        ledger.restore(restored.header.epochsDone, restored.header.history, restored.header.partialEpoch);
      }
    } catch (err) {
      model.dispose();
      optimizer.dispose();
      throw err;
    }
    const train = lmSequences(input.train, tokenizer, options.maxLen);
    const val = lmSequences(input.val, tokenizer, options.maxLen);
    session = { tokenizer, options, model, optimizer, train, val };
  }

  function step(s: Session, rows: readonly number[]): { loss: number; tokens: number } {
    const { x, y } = batchTensors(s.train, rows);
    const vars = s.model.trainableWeights.map((w) => w.read() as tf.Variable);
    let tokens = 0;
    try {
      const loss = s.optimizer.minimize(
        () => {
          const { sum, count } = maskedNll(s.model.apply(x, { training: true }) as tf.Tensor, y);
          tokens = count.dataSync()[0];
          return sum.div(count.maximum(1)) as tf.Scalar;
        },
        true,
        vars,
      )!;
      const value = loss.dataSync()[0];
      loss.dispose();
      return { loss: value, tokens };
    } finally {
      tf.dispose([x, y]);
    }
  }

  async function runEpoch(signal?: AbortSignal, afterBatch?: LmAfterBatch): Promise<LmEpochMetrics> {
    const s = need();
    const { epoch, from } = ledger.begin();
    const started = performance.now() - (from?.seconds ?? 0) * 1000;
    let lossSum = from?.lossSum ?? 0;
    let tokens = from?.tokens ?? 0;
    try {
      await forEachSeededBatch(
        { rows: s.train.n, batchSize: input.batchSize, seed: input.seed, epoch, startBatch: from?.batchesDone, signal },
        async (rows, b) => {
          const r = step(s, rows);
          if (!Number.isFinite(r.loss)) {
            throw new TrainingDivergedError(
              `LM training diverged: loss ${r.loss} at epoch ${epoch}, batch ${b + 1}; lower learningRate (${input.learningRate})`,
              { epoch, batch: b + 1 },
            );
          }
          lossSum += r.loss * r.tokens;
          tokens += r.tokens;
          const progress: LmPartialEpoch = {
            epoch,
            batchesDone: b + 1,
            lossSum,
            tokens,
            seconds: (performance.now() - started) / 1000,
          };
          ledger.reached(progress);
          await afterBatch?.(progress, () => checkpoint(s, progress));
        },
      );
    } catch (err) {
      ledger.interrupted(err, signal);
      throw err;
    }
    const val = evaluate();
    const seconds = (performance.now() - started) / 1000;
    const metrics: LmEpochMetrics = {
      epoch,
      trainLoss: tokens ? lossSum / tokens : 0,
      valLoss: val.meanNll,
      valPerplexity: val.perplexity,
      trainTokens: tokens,
      seconds,
      tokensPerSecond: seconds > 0 ? tokens / seconds : 0,
    };
    ledger.finish(metrics);
    return metrics;
  }

  function evaluate(): { meanNll: number; perplexity: number; tokens: number } {
    const s = need();
    const { nll, tokens } = sequenceNll(s.model, s.val);
    const summary = perplexityFromMeanNll(tokens ? nll / tokens : 0, tokens);
    return { meanNll: summary.meanNll, perplexity: summary.perplexity, tokens };
  }

  async function checkpoint(s: Session, partial: LmPartialEpoch | null): Promise<Uint8Array> {
    const { epochsDone, history } = ledger;
    const state = await captureState(s.model, epochsDone > 0 || partial ? s.optimizer : null);
    const header: LmCheckpointHeader = {
      format: LM_CHECKPOINT_FORMAT,
      version: LM_CHECKPOINT_VERSION,
      tokenizer: s.tokenizer.toJSON(),
      model: s.options,
      seed: input.seed,
      epochsDone,
      history,
      optimizer: { name: 'adam', iterations: state.optimizerIterations },
      ...(partial ? { partialEpoch: { ...partial } } : {}),
    };
    return encodeCheckpoint(header, [...state.weights, ...state.optimizerMoments]);
  }

  async function save(): Promise<Uint8Array> {
    return checkpoint(need(), ledger.savePoint().partial);
  }

  function close(): void {
    if (!session) return;
    session.model.dispose();
    session.optimizer.dispose();
    session = null;
  }

  return {
    get epochsDone() {
      return ledger.epochsDone;
    },
    get history() {
      return ledger.history;
    },
    get tokenizer() {
      return need().tokenizer;
    },
    get abortedAt() {
      return ledger.abortedAt;
    },
    setup,
    runEpoch,
    evaluate,
    save,
    close,
  };
}
