import type { Example } from '../../core/example';
import { labelClasses } from '../training/label-classes';
import { ConfigError, DataError } from '../../core/errors';
import { accuracy, argmaxRows, logLoss, macroF1 } from '../../metrics/classification';
import type { ClassifierEpochMetrics } from '../training/epoch-metrics';
import { decodeTfidfLinearCheckpoint, encodeTfidfLinear } from './tfidf-linear-codec';
import { TfidfLinearHyperparamsSchema, toTfidfLinearParams } from './tfidf-linear-hyperparams';
import { fitTfidfLinear, predictTfidfLinear, type TfidfLinearModel } from './tfidf-linear-model';

export interface TfidfLinearTrainerInput {
  train: readonly Example[];
  val: readonly Example[];
  /** Class order of `predict` columns (>= 2, unique). */
  labels: readonly string[];
  /** The trial's hyperparameters (tfidf-linear-hyperparams.ts); unknown names are a ConfigError. */
  params: Record<string, unknown>;
  seed: number;
}

/**
 * The tfidf-linear family under the one epoch loop (training-loop.ts): its
 * single "epoch" fits features and classifier on the train split (a convex
 * fit, so there is nothing to gain from more passes) and scores val, so
 * checkpoints, heartbeats, learning curves and the worker thread work as for
 * every family. It has no batch boundaries: an abort takes effect before the
 * fit starts or after it ends, and `abortedAt` is always null.
 *
 * Checkpoint = the model's bytes (tfidf-linear-codec.ts) with the metric
 * history; restoring one that holds a fitted model resumes at `epochsDone` 1
 * without refitting. The final model artifact is the same bytes, which
 * `decodeTfidfLinear` (and loadTrainedModel) read like any saved model.
 */
export interface TfidfLinearTrainer {
  readonly epochsDone: number;
  readonly history: ClassifierEpochMetrics[];
  readonly stoppedEarly: boolean;
  /** Always null: a fit has no batch boundary to stop at. */
  readonly abortedAt: null;
  setup(from?: Uint8Array): Promise<void>;
  runEpoch(signal?: AbortSignal): Promise<ClassifierEpochMetrics>;
  save(): Promise<Uint8Array>;
  /** Class probabilities, one row per text, columns in `labels` order. */
  predict(texts: string[]): Promise<number[][]>;
  close(): void;
}

/**
 * Creates a trainer; validates labels and hyperparameters at once.
 * @throws ConfigError for fewer than two or duplicate labels, or bad hyperparameters (a ZodError);
 *   DataError for a train/val label outside `labels` or an empty train split.
 */
export function createTfidfLinearTrainer(input: TfidfLinearTrainerInput): TfidfLinearTrainer {
  const labels = [...input.labels];
  const params = toTfidfLinearParams(TfidfLinearHyperparamsSchema.parse(input.params));
  const classesOf = labelClasses('tfidf-linear', labels);
  const yTrain = classesOf(input.train, 'train');
  const yVal = classesOf(input.val, 'val');
  if (input.train.length === 0) throw new DataError('tfidf-linear: the train split is empty');
  let model: TfidfLinearModel | undefined;
  let history: ClassifierEpochMetrics[] = [];
  let ready = false;

  const scored = (m: TfidfLinearModel, rows: readonly Example[], y: number[]) => {
    const probs = predictTfidfLinear(
      m,
      rows.map((e) => e.text),
    );
    const pred = argmaxRows(probs);
    return { loss: rows.length ? logLoss(y, probs, 1e-7) : 0, pred };
  };

  return {
    get epochsDone() {
      return history.length;
    },
    get history() {
      return history;
    },
    stoppedEarly: false,
    abortedAt: null,
    async setup(from) {
      if (ready) throw new Error('TfidfLinearTrainer: setup() called twice');
      ready = true;
      if (!from) return;
      const restored = decodeTfidfLinearCheckpoint(from);
      if (JSON.stringify(restored.model.labels) !== JSON.stringify(labels))
        throw new ConfigError(
          `tfidf-linear checkpoint has labels ${JSON.stringify(restored.model.labels)}, the run has ${JSON.stringify(labels)}`,
        );
      model = restored.model;
      history = restored.history;
    },
    async runEpoch(signal) {
      if (!ready) throw new Error('TfidfLinearTrainer: call setup() first');
      if (model) throw new Error('TfidfLinearTrainer: already fitted (one epoch is the whole fit)');
      if (signal?.aborted) throw signal.reason;
      const started = performance.now();
      const fitted = fitTfidfLinear(
        input.train.map((e) => e.text),
        yTrain,
        labels,
        params,
        input.seed,
      );
      const seconds = (performance.now() - started) / 1000;
      const train = scored(fitted, input.train, yTrain);
      const val = scored(fitted, input.val, yVal);
      const metrics: ClassifierEpochMetrics = {
        epoch: 1,
        trainLoss: train.loss,
        valLoss: val.loss,
        valAccuracy: accuracy(yVal, val.pred),
        valMacroF1: input.val.length ? macroF1(yVal, val.pred, labels.length) : 0,
        samplesPerSecond: input.train.length / Math.max(seconds, 1e-9),
        seconds,
      };
      model = fitted;
      history = [metrics];
      return metrics;
    },
    async save() {
      if (!model) throw new Error('TfidfLinearTrainer: nothing to save before the fit (it has no mid-fit state)');
      return encodeTfidfLinear(model, history);
    },
    async predict(texts) {
      if (!model) throw new Error('TfidfLinearTrainer: predict() before the fit');
      return predictTfidfLinear(model, texts);
    },
    close() {
      model = undefined;
    },
  };
}
