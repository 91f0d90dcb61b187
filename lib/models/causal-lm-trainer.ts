import * as tf from '@tensorflow/tfjs';
import { ConfigError, TrainingDivergedError } from '../core/errors';
import { perplexityFromMeanNll } from '../metrics/perplexity';
import { BpeTokenizer, type BpeTokenizerJson } from './bpe-tokenizer';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import { captureState, restoreOptimizer, restoreWeights } from './classifier-checkpoint';
import { buildCausalLm, CausalLmOptionsSchema, lmSequences, maskedNll, type CausalLmOptions, type LmSequences } from './causal-lm';
import { forEachSeededBatch } from './epoch-batches';
import { EpochLedger } from './epoch-ledger';
import type { FusedAdamOptimizer } from './fused-adam';
import { registerFastKernels } from './kernels';
import { createTrainingAdam } from './training-optimizer';

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

export interface LmEpochMetrics {
  epoch: number;
  /** Mean next-token NLL (nats) over the epoch's batches, token-weighted. */
  trainLoss: number;
  valLoss: number;
  valPerplexity: number;
  trainTokens: number;
  seconds: number;
  tokensPerSecond: number;
}

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
  [key: string]: unknown;
}

/**
 * Trains the causal LM one epoch at a time with exact resume, like the
 * classifier trainer: batch order from `shuffled(rows, createRng(seed).fork(epoch))`,
 * no dropout, Adam state and history in the checkpoint, so a run restored
 * from `save()` continues bit-for-bit as the uninterrupted run (same backend).
 */
export interface CausalLmTrainer {
  readonly epochsDone: number;
  readonly history: LmEpochMetrics[];
  /** The fitted (or restored) tokenizer; throws before setup(). */
  readonly tokenizer: BpeTokenizer;
  /** Restores from `save()` bytes, or fits the tokenizer on `train` and initialises fresh. */
  setup(from?: Uint8Array): Promise<void>;
  /** One epoch; TrainingDivergedError on a non-finite loss; honours `signal` between batches. */
  runEpoch(signal?: AbortSignal): Promise<LmEpochMetrics>;
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
export function decodeLmCheckpoint(bytes: Uint8Array): { header: LmCheckpointHeader; tensors: ReturnType<typeof decodeCheckpoint>['tensors'] } {
  const { header, tensors } = decodeCheckpoint<LmCheckpointHeader>(bytes);
  if (header.format !== LM_CHECKPOINT_FORMAT || header.version !== LM_CHECKPOINT_VERSION) {
    throw new ConfigError(`not a causal-LM checkpoint: ${String(header.format)} v${String(header.version)}; expected ${LM_CHECKPOINT_FORMAT} v${LM_CHECKPOINT_VERSION}`);
  }
  return { header, tensors };
}

/** Rebuilds an LM (weights restored) from checkpoint bytes, for inference or transfer. Caller disposes the model. */
export function loadCausalLm(bytes: Uint8Array): { header: LmCheckpointHeader; model: tf.LayersModel; tokenizer: BpeTokenizer } {
  const { header, tensors } = decodeLmCheckpoint(bytes);
  const model = buildCausalLm(CausalLmOptionsSchema.parse(header.model), header.seed);
  try {
    restoreWeights(model, tensors.filter((t) => t.name.startsWith('model/')));
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
    throw new ConfigError('causal LM: learningRate must be > 0 and batchSize an integer >= 1', { learningRate: input.learningRate, batchSize: input.batchSize });
  }
  const ledger = new EpochLedger<LmEpochMetrics>('CausalLmTrainer');
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
    const options = CausalLmOptionsSchema.parse(restored ? restored.header.model : input.options ?? {});
    const tokenizer = restored
      ? BpeTokenizer.fromJSON(restored.header.tokenizer)
      : BpeTokenizer.fit(input.train, { vocabSize: options.vocabSize, maxLen: options.maxLen });
    const model = buildCausalLm(options, restored?.header.seed ?? input.seed);
    const optimizer = createTrainingAdam(input.learningRate, input.weightDecay ?? 0);
    try {
      optimizer.bindSlots(model.trainableWeights.map((w) => w.name));
      if (restored) {
        restoreWeights(model, restored.tensors.filter((t) => t.name.startsWith('model/')));
        await restoreOptimizer(optimizer, restored.header.optimizer.iterations, restored.tensors.filter((t) => t.name.startsWith('adam/')));
        ledger.restore(restored.header.epochsDone, restored.header.history);
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
      const loss = s.optimizer.minimize(() => {
        const { sum, count } = maskedNll(s.model.apply(x, { training: true }) as tf.Tensor, y);
        tokens = count.dataSync()[0];
        return sum.div(count.maximum(1)) as tf.Scalar;
      }, true, vars)!;
      const value = loss.dataSync()[0];
      loss.dispose();
      return { loss: value, tokens };
    } finally {
      tf.dispose([x, y]);
    }
  }

  async function runEpoch(signal?: AbortSignal): Promise<LmEpochMetrics> {
    const s = need();
    const epoch = ledger.begin();
    const started = performance.now();
    let lossSum = 0;
    let tokens = 0;
    await forEachSeededBatch({ rows: s.train.n, batchSize: input.batchSize, seed: input.seed, epoch, signal }, (rows, b) => {
      const r = step(s, rows);
      if (!Number.isFinite(r.loss)) {
        throw new TrainingDivergedError(`LM training diverged: loss ${r.loss} at epoch ${epoch}, batch ${b + 1}; lower learningRate (${input.learningRate})`, { epoch, batch: b + 1 });
      }
      lossSum += r.loss * r.tokens;
      tokens += r.tokens;
    });
    const val = evaluate();
    const seconds = (performance.now() - started) / 1000;
    const metrics: LmEpochMetrics = {
      epoch, trainLoss: tokens ? lossSum / tokens : 0, valLoss: val.meanNll, valPerplexity: val.perplexity,
      trainTokens: tokens, seconds, tokensPerSecond: seconds > 0 ? tokens / seconds : 0,
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

  async function save(): Promise<Uint8Array> {
    const s = need();
    ledger.assertSavable();
    const { epochsDone, history } = ledger;
    const state = await captureState(s.model, epochsDone > 0 ? s.optimizer : null);
    const header: LmCheckpointHeader = {
      format: LM_CHECKPOINT_FORMAT, version: LM_CHECKPOINT_VERSION, tokenizer: s.tokenizer.toJSON(), model: s.options,
      seed: input.seed, epochsDone, history, optimizer: { name: 'adam', iterations: state.optimizerIterations },
    };
    return encodeCheckpoint(header, [...state.weights, ...state.optimizerMoments]);
  }

  function close(): void {
    if (!session) return;
    session.model.dispose();
    session.optimizer.dispose();
    session = null;
  }

  return {
    get epochsDone() { return ledger.epochsDone; },
    get history() { return ledger.history; },
    get tokenizer() { return need().tokenizer; },
    setup, runEpoch, evaluate, save, close,
  };
}
