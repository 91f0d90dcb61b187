import { familySpace } from '../configs/family-spaces';
import { Context } from '@temporalio/activity';
import type {
  LiveTrainingProgress,
  LmEpochMetrics,
  PretrainHeartbeat,
  PretrainLanguageModelInput,
  PretrainLanguageModelOutput,
  ProgressOnlyHeartbeat,
} from './contracts';
import type { ActivityDeps } from './deps';
import { readArtifact } from '../lib/artifacts/content-addressed';
import { trainingFingerprint } from '../lib/artifacts/checkpoint-pointer';
import { checkpointSchedule, CheckpointWriter, newestCheckpoint } from './checkpoint-writer';
import { checkpointing, epochLogging, startHeartbeats } from './training-callbacks';
import { hostLmTrainer, type HostedLmTrainer } from './lm-trainer-host';
import { runTrainingLoop } from '../lib/models/training/training-loop';
import { examplesFromJsonl } from '../lib/core/example';
import { ConfigError } from '../lib/core/errors';
import { lmSequences, unigramMeanNll } from '../lib/models/causal-lm/causal-lm';
import { ClassifierHyperparamsSchema } from '../lib/models/classifier/classifier-hyperparams';
import { corpusLines, splitPretrainCorpus, type PretrainCorpus } from '../lib/models/causal-lm/pretrain-corpus';
import {
  checkPretrainEmbeddingDim,
  pretrainLmOptions,
  PRETRAIN_TRAIN_TEXTS,
  type PretrainOptions,
} from '../lib/models/causal-lm/pretrain-options';
import { mapFailures } from './failures';
import { assertBackendMeets } from './backend-check';
import { readConfiguredUri } from './configured-uri';

/** The corpus texts: the train split's texts (labels ignored) or the lines of `model.pretrain.corpus`. */
async function readCorpus(
  deps: ActivityDeps,
  input: PretrainLanguageModelInput,
  options: PretrainOptions,
): Promise<PretrainCorpus> {
  const texts =
    options.corpus === PRETRAIN_TRAIN_TEXTS
      ? examplesFromJsonl(await readArtifact(deps.store, input.train)).map((e) => e.text)
      : corpusLines(
          new TextDecoder().decode(
            await readConfiguredUri(
              deps,
              'model.pretrain.corpus',
              options.corpus,
              'upload a UTF-8 text file with one document per line and use its s3:// URI',
            ),
          ),
        );
  return splitPretrainCorpus(texts, options.maxTexts, input.config.seed);
}

/** e.g. `pretrain: epoch 1/3, val perplexity 212.4, 410 tokens/s` */
function progressLine(epochs: number, m: LmEpochMetrics): string {
  return `pretrain: epoch ${m.epoch}/${epochs}, val perplexity ${m.valPerplexity.toFixed(1)}, ${Math.round(m.tokensPerSecond)} tokens/s`;
}

/**
 * The pipeline's pretrain step (domain adaptation): trains the causal LM of
 * `config.model.pretrain` on unlabeled text, checkpointing to the store after
 * every epoch and inside long ones (`model.checkpointEveryMinutes`),
 * heartbeating `{epoch, step?, checkpoint, metrics?}`; a retried attempt resumes
 * from the newest checkpoint (at most one checkpoint interval redone), and a
 * cancelled one first saves the batch where it stopped.
 * Fails non-retryably (ConfigError) before training when some trial's
 * embeddingDim could not take the LM's embedding, and (DataError) when the
 * corpus has fewer than 20 documents.
 */
async function pretrainLanguageModel(
  deps: ActivityDeps,
  input: PretrainLanguageModelInput,
): Promise<PretrainLanguageModelOutput> {
  const ctx = Context.current();
  assertBackendMeets(deps, input.config.model.requireBackend);
  const options = input.config.model.pretrain;
  if (!options) throw new ConfigError('pretrainLanguageModel needs config.model.pretrain', { field: 'model.pretrain' });
  checkPretrainEmbeddingDim(
    options,
    familySpace(input.config, 'text-classifier'),
    ClassifierHyperparamsSchema.shape.embeddingDim.parse(undefined),
  );
  const prefix = `${input.runPrefix}/pretrain`;
  const fingerprint = trainingFingerprint({ pretrain: options, seed: input.config.seed, train: input.train });
  const resumeFrom = await newestCheckpoint(
    deps,
    prefix,
    fingerprint,
    ctx.info.heartbeatDetails as PretrainHeartbeat | ProgressOnlyHeartbeat | undefined,
  );
  const corpus = await readCorpus(deps, input, options);
  const stepsPerEpoch = Math.ceil(corpus.train.length / options.batchSize);
  const due = checkpointSchedule({ checkpointEveryMinutes: input.config.model.checkpointEveryMinutes }, stepsPerEpoch);
  const checkpoints = new CheckpointWriter<LmEpochMetrics>(
    deps,
    ctx,
    prefix,
    fingerprint,
    resumeFrom,
    (p) => `pretrain: epoch ${p.epoch}/${options.epochs}, batch ${p.batchesDone}/${stepsPerEpoch} checkpointed`,
  );
  let lm = resumeFrom?.checkpoint;
  let live: LiveTrainingProgress | undefined;
  const stopHeartbeats = startHeartbeats(ctx, () => (live ? { ...checkpoints.last, live } : checkpoints.last));
  let trainer: HostedLmTrainer | undefined;
  try {
    trainer = await hostLmTrainer(deps, ctx, {
      ...corpus,
      options: pretrainLmOptions(options),
      learningRate: options.learningRate,
      batchSize: options.batchSize,
      seed: input.config.seed,
    });
    const { resumedFromEpoch } = await runTrainingLoop(
      trainer,
      {
        epochs: options.epochs,
        signal: ctx.cancellationSignal,
        load: async () => resumeFrom && readArtifact(deps.store, resumeFrom.checkpoint),
        fromStep: resumeFrom?.step,
      },
      [
        {
          onBatchEnd: async (p) => {
            live = {
              epoch: p.epoch,
              batch: p.batchesDone,
              batches: stepsPerEpoch,
              trainLoss: p.tokens ? p.lossSum / p.tokens : 0,
            };
          },
          onEpochEnd: () => void (live = undefined),
        },
        checkpointing(checkpoints, due, {
          progress: (metrics) => progressLine(options.epochs, metrics),
          saved: (ref) => void (lm = ref),
        }),
        epochLogging(ctx, { resumed: 'Resuming LM pretraining from checkpoint', epochDone: 'LM epoch done' }),
      ],
    );
    const tokenizer = await trainer.tokenizer();
    const tr = lmSequences(corpus.train, tokenizer, pretrainLmOptions(options).maxLen);
    const va = lmSequences(corpus.val, tokenizer, pretrainLmOptions(options).maxLen);
    return {
      lm: lm!,
      perplexity: (await trainer.evaluate()).perplexity,
      unigramPerplexity: Math.exp(unigramMeanNll(tr, va, tokenizer.size)),
      texts: { train: corpus.train.length, val: corpus.val.length },
      history: trainer.history,
      resumedFromEpoch,
      attempt: ctx.info.attempt,
      backend: deps.backend?.name ?? 'unknown',
    };
  } finally {
    stopHeartbeats();
    await trainer?.close();
  }
}

/** The pretrain activity; runs on training task queues beside trainModel. */
export function createPretrainActivities(deps: ActivityDeps) {
  return {
    pretrainLanguageModel: mapFailures((input: PretrainLanguageModelInput) => pretrainLanguageModel(deps, input)),
  };
}
