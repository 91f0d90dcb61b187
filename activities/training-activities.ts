import { Context } from '@temporalio/activity';
import type { TrainingCallback } from '../lib/models/training/training-loop';
import type { ClassifierPartialEpoch } from '../lib/models/classifier/classifier-trainer';
import type {
  ClassifierEpochMetrics,
  LiveTrainingProgress,
  ProgressOnlyHeartbeat,
  TrainingHeartbeat,
  TrainModelInput,
  TrainModelOutput,
} from './contracts';
import {
  checkpointSchedule,
  CheckpointWriter,
  newestCheckpoint,
  writeLearningCurve,
  type ResumePoint,
} from './checkpoint-writer';
import { checkpointing, epochLogging, startHeartbeats } from './training-callbacks';
import { hostClassifierTrainer, type HostedClassifierTrainer } from './classifier-trainer-host';
import { hostTfidfLinearTrainer, hostTransformerTrainer, type HostedFamilyTrainer } from './family-trainer-host';
import {
  readFrozenFeatures,
  writeFrozenFeatures,
  type FeatureKey,
  type FrozenFeatures,
} from '../lib/models/pretrained/feature-cache';
import { TransformerHyperparamsSchema } from '../lib/models/pretrained/transformer-hyperparams';
import { baseModelRef, readBaseModelFiles, readBaseModelManifest } from '../lib/models/pretrained/base-model-registry';
import { ConfigError } from '../lib/core/errors';
import { DEFAULT_MODEL_FAMILY } from '../lib/models/model-family';
import { runTrainingLoop } from '../lib/models/training/training-loop';
import type { ActivityDeps } from './deps';
import { examplesFromJsonl, type Example } from '../lib/core/example';
import { putArtifact, putJsonArtifact, readArtifact } from '../lib/artifacts/content-addressed';
import { trainingFingerprint } from '../lib/artifacts/checkpoint-pointer';
import { ClassifierHyperparamsSchema } from '../lib/models/classifier/classifier-hyperparams';
import { classifierRunOptions } from '../lib/models/classifier/classifier-run-options';
import { readPretrainedVectors } from './configured-uri';
import { mapFailures } from './failures';
import { reportTrialStarted } from './trial-started';
import { readConfiguredUri } from './configured-uri';
import { assertBackendMeets } from './backend-check';
import { createEvaluationActivities } from './evaluation-activities';

async function readExamples(deps: ActivityDeps, ref: TrainModelInput['data']['train']) {
  return examplesFromJsonl(await readArtifact(deps.store, ref));
}

/**
 * Trains one trial, checkpointing to the store after every epoch (and every
 * `checkpointEverySteps` batches inside one) and heartbeating
 * `{epoch, step?, checkpoint, metrics?}`. A retried attempt (worker killed, S3
 * blip) resumes from the newer of the last heartbeat and the S3 pointer, so a
 * crash loses at most one checkpoint interval; a cancelled attempt (worker
 * shutdown) first saves the batch boundary where it stopped, losing nothing.
 * The trainer runs in a worker thread (classifier-trainer-host.ts) while this
 * thread heartbeats on a timer (the resume point, plus `live` progress) from
 * start to finish, so no batch, however slow, can starve the heartbeats.
 */
async function trainModel(deps: ActivityDeps, input: TrainModelInput): Promise<TrainModelOutput> {
  const ctx = Context.current();
  assertBackendMeets(deps, input.requireBackend);
  // Before reading any data: from here on the sweep shows the trial as running, not scheduled.
  await reportTrialStarted(ctx, input);
  const trialPrefix = `${input.runPrefix}/trials/${input.trialId}`;
  const { params, seed, maxLen, vocabSize, data } = input;
  // Model options and the family join the fingerprint only when set, so older inputs keep their fingerprint.
  const model = modelOptionsOf(input);
  const family = input.family ? { family: input.family } : {};
  const fingerprint = trainingFingerprint({
    params,
    seed,
    maxLen,
    vocabSize,
    data,
    ...(model ? { model } : {}),
    ...family,
  });
  const resumeFrom = await newestCheckpoint(
    deps,
    trialPrefix,
    fingerprint,
    ctx.info.heartbeatDetails as TrainingHeartbeat | ProgressOnlyHeartbeat | undefined,
  );
  const [train, val] = await Promise.all([readExamples(deps, data.train), readExamples(deps, data.val)]);
  const plan = planTrainer(deps, ctx, input, { train, val, resumed: resumeFrom !== undefined });
  const stepsPerEpoch = plan.stepsPerEpoch;
  const queue = ctx.info.taskQueue;
  const checkpoints = new CheckpointWriter<ClassifierEpochMetrics>(
    deps,
    ctx,
    trialPrefix,
    fingerprint,
    resumeFrom,
    (p) => `${input.trialId}: epoch ${p.epoch}/${input.epochs}, batch ${p.batchesDone}/${stepsPerEpoch} checkpointed`,
    (bytes) => deps.metrics?.checkpointWritten(queue, bytes),
  );
  const live: LiveProgress = {};
  const stopHeartbeats = startHeartbeats(ctx, () =>
    live.now ? { ...checkpoints.last, live: live.now } : checkpoints.last,
  );
  let trainer: HostedClassifierTrainer | undefined;
  try {
    trainer = await plan.host();
    const trial: PreparedTrial = {
      input,
      trialPrefix,
      resumeFrom,
      checkpoints,
      stepsPerEpoch,
      batchSize: plan.batchSize,
      trainRows: train.length,
    };
    const { resumedFromEpoch } = await runTrainingLoop(
      trainer,
      {
        epochs: input.epochs,
        signal: ctx.cancellationSignal,
        load: async () => resumeFrom && readArtifact(deps.store, resumeFrom.checkpoint),
        fromStep: resumeFrom?.step,
      },
      trialCallbacks(deps, ctx, trial, trainer, live),
    );
    await plan.afterTraining?.();
    if (trainer.stoppedEarly)
      ctx.log.info('Stopped early', { trialId: input.trialId, epoch: trainer.epochsDone, patience: plan.patience });
    const finalized = input.finalize === false ? {} : await finalizeTrial(deps, trainer, trialPrefix, val);
    const final = trainer.history[trainer.history.length - 1];
    const resumedFromStep = resumeFrom?.step ?? 0;
    return {
      trialId: input.trialId,
      params,
      score: input.objective === 'val_accuracy' ? final.valAccuracy : final.valMacroF1,
      history: trainer.history,
      ...finalized,
      resumedFromEpoch,
      ...(resumedFromStep > 0 ? { resumedFromStep } : {}),
      attempt: ctx.info.attempt,
      backend: deps.backend?.name ?? 'unknown',
      stoppedEarly: trainer.stoppedEarly,
    };
  } finally {
    stopHeartbeats();
    await trainer?.close();
  }
}

/** What {@link trialCallbacks} needs of a prepared trial attempt. */
interface PreparedTrial {
  input: TrainModelInput;
  trialPrefix: string;
  resumeFrom: ResumePoint | undefined;
  checkpoints: CheckpointWriter<ClassifierEpochMetrics>;
  stepsPerEpoch: number;
  /** Rows per batch (the live train loss is a mean over the rows seen). */
  batchSize: number;
  trainRows: number;
}

/** How one attempt's trainer is made, by the trial's family. */
interface TrainerPlan {
  stepsPerEpoch: number;
  batchSize: number;
  patience?: number;
  host(): Promise<HostedClassifierTrainer>;
  /** After the epochs, before the model is finalized (e.g. caching what the attempt computed). */
  afterTraining?(): Promise<void>;
}

/**
 * The trainer of `input.family` (default text-classifier), not yet started:
 * its hyperparameters are parsed here, so a bad one fails the attempt before
 * a thread is spawned. A tfidf-linear fit is one step of one epoch.
 */
function planTrainer(
  deps: ActivityDeps,
  ctx: Context,
  input: TrainModelInput,
  rows: { train: Example[]; val: Example[]; resumed: boolean },
): TrainerPlan {
  const { train, val } = rows;
  const family = input.family ?? DEFAULT_MODEL_FAMILY;
  if (family === 'pretrained-transformer') {
    const hyper = TransformerHyperparamsSchema.parse(input.params);
    let features: { key: FeatureKey; cached: boolean } | undefined;
    let hostedTrainer: HostedFamilyTrainer | undefined;
    return {
      stepsPerEpoch: Math.ceil(train.length / hyper.batchSize),
      batchSize: hyper.batchSize,
      host: async () => {
        const baseModel = input.model?.baseModel;
        if (!baseModel)
          throw new ConfigError('a pretrained-transformer trial needs model.baseModel', { field: 'model.baseModel' });
        const manifest = await readBaseModelManifest(deps.store, baseModel);
        const base = baseModelRef(manifest);
        const baseFiles = await readBaseModelFiles(deps.store, base);
        const key = {
          base,
          train: input.data.train,
          val: input.data.val,
          maxLen: input.maxLen,
          pooling: hyper.pooling,
        };
        const cached =
          hyper.mode === 'frozen'
            ? await readFrozenFeatures(deps.store, key, { train: train.length, val: val.length }, manifest.hidden)
            : undefined;
        if (hyper.mode === 'frozen') features = { key, cached: cached !== undefined };
        const { labels } = input.data;
        const { seed, epochs, maxLen } = input;
        const trainerInput = { train, val, labels, params: input.params, seed, epochs, maxLen, base, baseFiles };
        hostedTrainer = await hostTransformerTrainer(deps, ctx, {
          ...trainerInput,
          ...(cached ? { features: cached } : {}),
        });
        return hostedTrainer;
      },
      // Frozen features computed by this attempt go to the cache for the next trials (same splits and base).
      afterTraining: async () => {
        if (!features || features.cached || !hostedTrainer) return;
        const computed = await hostedTrainer.call<FrozenFeatures | undefined>('frozenFeatures');
        if (computed) await writeFrozenFeatures(deps.store, features.key, computed);
      },
    };
  }
  if (family === 'tfidf-linear') {
    const trainerInput = { train, val, labels: input.data.labels, params: input.params, seed: input.seed };
    return { stepsPerEpoch: 1, batchSize: train.length, host: () => hostTfidfLinearTrainer(deps, ctx, trainerInput) };
  }
  const { maxLen, vocabSize, seed, data } = input;
  const model = modelOptionsOf(input);
  const hyper = ClassifierHyperparamsSchema.parse(input.params);
  const objective = input.objective === 'val_accuracy' ? 'val_accuracy' : 'val_macro_f1';
  return {
    stepsPerEpoch: Math.ceil(train.length / hyper.batchSize),
    batchSize: hyper.batchSize,
    patience: hyper.patience,
    host: async () => {
      // Vectors only matter on a fresh start; a resumed run takes its weights from the checkpoint.
      const pretrained =
        model?.pretrainedVectors && !rows.resumed
          ? await readPretrainedVectors(deps, model.pretrainedVectors)
          : undefined;
      const options = classifierRunOptions(model, data.classWeights, pretrained);
      const starts = rows.resumed ? {} : await startingPoints(deps, input);
      return hostClassifierTrainer(deps, ctx, {
        train,
        val,
        labels: data.labels,
        hyper,
        maxLen,
        vocabSize,
        seed,
        epochs: input.epochs,
        objective,
        ...options,
        ...starts,
      });
    },
  };
}

/** `input.model` when any option is set (older inputs without one keep their fingerprint). */
function modelOptionsOf(input: TrainModelInput): TrainModelInput['model'] {
  return input.model && Object.values(input.model).some((v) => v !== undefined) ? input.model : undefined;
}

/** The running epoch's live position, set at every batch boundary and cleared at its end. */
interface LiveProgress {
  now?: LiveTrainingProgress;
}

/** trainModel's callbacks on the loop: live progress, resume metrics, checkpoints with the learning curve, logs. */
function trialCallbacks(
  deps: ActivityDeps,
  ctx: Context,
  trial: PreparedTrial,
  trainer: HostedClassifierTrainer,
  live: LiveProgress,
): TrainingCallback<ClassifierEpochMetrics, ClassifierPartialEpoch>[] {
  const { input, trialPrefix, stepsPerEpoch, batchSize } = trial;
  const queue = ctx.info.taskQueue;
  return [
    {
      onBatchEnd: async (p) => {
        const seen = Math.min(p.batchesDone * batchSize, trial.trainRows);
        live.now = { epoch: p.epoch, batch: p.batchesDone, batches: stepsPerEpoch, trainLoss: p.trainLossSum / seen };
      },
      onEpochEnd: () => void (live.now = undefined),
    },
    {
      onTrainBegin: ({ epoch, step }) => {
        if (epoch > 0 || step > 0) deps.metrics?.attemptResumed(queue, epoch);
      },
    },
    checkpointing(trial.checkpoints, checkpointSchedule(input, stepsPerEpoch), {
      progress: (metrics) => progressLine(input, metrics),
      beforeBeat: async (metrics) => {
        await writeLearningCurve(
          deps.store,
          trialPrefix,
          { trialId: input.trialId, params: input.params, epochs: input.epochs, history: trainer.history },
          input.onExisting,
        );
        deps.metrics?.epochCompleted(queue, metrics);
      },
    }),
    epochLogging(
      ctx,
      { resumed: 'Resuming trial from checkpoint', epochDone: 'Epoch done' },
      { trialId: input.trialId },
    ),
  ];
}

/**
 * What a fresh (not resumed) trial starts from besides random weights:
 * `model.initFrom` (a classifier checkpoint) and the pipeline's pretrained LM.
 * A resumed trial takes everything from its own checkpoint instead.
 */
async function startingPoints(
  deps: ActivityDeps,
  input: TrainModelInput,
): Promise<{ initFrom?: Uint8Array; initFromLm?: Uint8Array }> {
  const fix = "use the s3:// URI of a model artifact (a trial's model, or a member of a registered model entry)";
  const initFrom = input.model?.initFrom
    ? await readConfiguredUri(deps, 'model.initFrom', input.model.initFrom, fix)
    : undefined;
  const initFromLm = input.data.pretrainedLm ? await readArtifact(deps.store, input.data.pretrainedLm) : undefined;
  return { ...(initFrom ? { initFrom } : {}), ...(initFromLm ? { initFromLm } : {}) };
}

/** e.g. `trial-0003: epoch 2/5, val_macro_f1 0.8123, val loss 0.4410, 1830 samples/s` */
export function progressLine(
  input: Pick<TrainModelInput, 'trialId' | 'epochs' | 'objective'>,
  m: ClassifierEpochMetrics,
): string {
  const value = input.objective === 'val_accuracy' ? m.valAccuracy : m.valMacroF1;
  return `${input.trialId}: epoch ${m.epoch}/${input.epochs}, ${input.objective} ${value.toFixed(4)}, val loss ${m.valLoss.toFixed(4)}, ${Math.round(m.samplesPerSecond)} samples/s`;
}

/** Writes the trained model and its validation predictions (class probabilities per example). */
async function finalizeTrial(
  deps: ActivityDeps,
  trainer: HostedClassifierTrainer,
  trialPrefix: string,
  val: Example[],
): Promise<Pick<TrainModelOutput, 'model' | 'valPredictions'>> {
  const model = await putArtifact(deps.store, {
    runPrefix: trialPrefix,
    kind: 'model',
    body: await trainer.save(),
    ext: 'ckpt',
  });
  const probabilities = await trainer.predict(val.map((e) => e.text));
  const valPredictions = await putJsonArtifact(deps.store, {
    runPrefix: trialPrefix,
    kind: 'predictions',
    value: { ids: val.map((e) => e.id), probabilities },
  });
  return { model, valPredictions };
}

/**
 * Counts one training attempt in `deps.metrics`: started on entry, then
 * completed, cancelled (the workflow or a worker shutdown cancelled it) or
 * failed. Pruning is decided by the workflow and is not visible here.
 */
async function countedAttempt<T>(deps: ActivityDeps, run: () => Promise<T>): Promise<T> {
  const ctx = Context.current();
  const queue = ctx.info.taskQueue;
  deps.metrics?.attemptStarted(queue);
  try {
    const result = await run();
    deps.metrics?.attemptFinished(queue, 'completed');
    return result;
  } catch (err) {
    deps.metrics?.attemptFinished(queue, ctx.cancellationSignal.aborted ? 'cancelled' : 'failed');
    throw err;
  }
}

/** Creates the activities that run on training task queues (training, and evaluation: both load tfjs models). */
export function createTrainModelActivities(deps: ActivityDeps) {
  return {
    trainModel: mapFailures((input: TrainModelInput) => countedAttempt(deps, () => trainModel(deps, input))),
    ...createEvaluationActivities(deps),
  };
}
