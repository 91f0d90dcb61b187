import { Context } from '@temporalio/activity';
import type { EvaluateInput, EvaluateOutput, ModelEvaluation, TrainingHeartbeat, TrainModelInput, TrainModelOutput } from './contracts';
import type { ActivityDeps } from './deps';
import { examplesFromJsonl } from '../lib/core/example';
import { putArtifact, putJsonArtifact, readArtifact } from '../lib/artifacts/content-addressed';
import { createClassifierTrainer, loadClassifier } from '../lib/models/classifier-trainer';
import { ClassifierHyperparamsSchema } from '../lib/models/hyperparams';
import { averageProbabilities } from '../lib/ensemble/average-top-k';
import { summarizeClassification } from '../lib/metrics/classification';
import { mapFailures } from './failures';

/** Heartbeats at least this often while an epoch runs, so a live worker is never timed out. */
const HEARTBEAT_EVERY_MS = 5_000;

async function readExamples(deps: ActivityDeps, ref: TrainModelInput['data']['train']) {
  return examplesFromJsonl(await readArtifact(deps.store, ref));
}

/**
 * Trains one trial, checkpointing to the store after every epoch and
 * heartbeating `{epoch, checkpoint, metrics}`. A retried attempt (worker
 * killed, S3 blip) reads the last heartbeat and resumes from its checkpoint,
 * so at most one epoch of work is lost per crash.
 */
async function trainModel(deps: ActivityDeps, input: TrainModelInput): Promise<TrainModelOutput> {
  const ctx = Context.current();
  const prior = ctx.info.heartbeatDetails as TrainingHeartbeat | undefined;
  const [train, val] = await Promise.all([readExamples(deps, input.data.train), readExamples(deps, input.data.val)]);
  const hyper = ClassifierHyperparamsSchema.parse(input.params);
  const trainer = createClassifierTrainer({ train, val, labels: input.data.labels, hyper, maxLen: input.maxLen, vocabSize: input.vocabSize, seed: input.seed });
  let last: TrainingHeartbeat | undefined = prior;
  const ticker = setInterval(() => ctx.heartbeat(last), HEARTBEAT_EVERY_MS);
  try {
    await trainer.setup(prior ? await readArtifact(deps.store, prior.checkpoint) : undefined);
    const resumedFromEpoch = trainer.epochsDone;
    if (resumedFromEpoch > 0) ctx.log.info('Resuming trial from checkpoint', { trialId: input.trialId, epoch: resumedFromEpoch });
    const trialPrefix = `${input.runPrefix}/trials/${input.trialId}`;
    while (trainer.epochsDone < input.epochs) {
      const metrics = await trainer.runEpoch(ctx.cancellationSignal);
      const checkpoint = await putArtifact(deps.store, { runPrefix: trialPrefix, kind: 'checkpoint', body: await trainer.save(), ext: 'ckpt' });
      last = { epoch: metrics.epoch, checkpoint, metrics };
      ctx.heartbeat(last);
      ctx.log.info('Epoch done', { trialId: input.trialId, ...metrics });
    }
    const model = await putArtifact(deps.store, { runPrefix: trialPrefix, kind: 'model', body: await trainer.save(), ext: 'ckpt' });
    const valProbabilities = await trainer.predict(val.map((e) => e.text));
    const valPredictions = await putJsonArtifact(deps.store, { runPrefix: trialPrefix, kind: 'predictions', value: { ids: val.map((e) => e.id), probabilities: valProbabilities } });
    const final = trainer.history[trainer.history.length - 1];
    return {
      trialId: input.trialId,
      params: input.params,
      score: input.objective === 'val_accuracy' ? final.valAccuracy : final.valMacroF1,
      history: trainer.history,
      model,
      valPredictions,
      resumedFromEpoch,
      attempt: ctx.info.attempt,
      backend: deps.backend ?? 'unknown',
    };
  } finally {
    clearInterval(ticker);
    trainer.close();
  }
}

/** Scores each member and their probability-averaged ensemble on the test split. */
async function evaluateModels(deps: ActivityDeps, input: EvaluateInput): Promise<EvaluateOutput> {
  const test = examplesFromJsonl(await readArtifact(deps.store, input.test));
  const yTrue = test.map((e) => input.labels.indexOf(e.label));
  const texts = test.map((e) => e.text);
  const memberProbabilities: number[][][] = [];
  const singles: ModelEvaluation[] = [];
  for (const member of input.members) {
    const model = await loadClassifier(await readArtifact(deps.store, member.model));
    try {
      const probabilities = await model.predict(texts);
      memberProbabilities.push(probabilities);
      singles.push({ id: member.trialId, ...summarizeClassification(yTrue, probabilities, input.labels.length) });
    } finally {
      model.close();
    }
    Context.current().heartbeat({ evaluated: singles.length });
  }
  const ensembleProbabilities = averageProbabilities(memberProbabilities);
  const ensemble = { id: 'ensemble', members: input.members.map((m) => m.trialId), ...summarizeClassification(yTrue, ensembleProbabilities, input.labels.length) };
  const predictions = await putJsonArtifact(deps.store, {
    runPrefix: input.runPrefix,
    kind: 'predictions',
    value: { ids: test.map((e) => e.id), labels: input.labels, members: input.members.map((m) => m.trialId), ensemble: ensembleProbabilities },
  });
  // The best single model is the top member by validation score, chosen before looking at test.
  return { singles, ensemble, best: singles[0], predictions };
}

/** Creates the activities that run on training task queues. */
export function createTrainingActivities(deps: ActivityDeps) {
  return {
    trainModel: mapFailures((input: TrainModelInput) => trainModel(deps, input)),
    evaluateModels: mapFailures((input: EvaluateInput) => evaluateModels(deps, input)),
  };
}
