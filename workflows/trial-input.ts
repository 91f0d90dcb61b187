import type { TrialData, TrialRecord } from '../activities/contracts';
import type { ExperimentConfig } from '../configs/experiment-schema';
import type { PruningRule } from '../lib/search/pruners/pruning-rule';
import type { TrainTrialInput } from './train-trial';
import { trialFamily } from '../configs/family-spaces';
import { DEFAULT_MODEL_FAMILY } from '../lib/models/model-family';

/**
 * The trainTrial input for one trial of an experiment: the single place that
 * maps a config and a trial to what training needs (used by the sweep and by
 * the pipeline's final training after cross-validation). Deterministic.
 */
export function trialInput(args: {
  config: ExperimentConfig;
  trial: Pick<TrialRecord, 'trialId' | 'index' | 'params'>;
  data: TrialData;
  runPrefix: string;
  trainingTaskQueue?: string;
  pruning?: PruningRule;
}): TrainTrialInput {
  const { config, trial } = args;
  const { family, params } = trialFamily(config, trial.params);
  return {
    runPrefix: args.runPrefix,
    trialId: trial.trialId,
    // Only when not the default, so text-classifier inputs (and their checkpoint fingerprints) stay as they were.
    ...(family !== DEFAULT_MODEL_FAMILY ? { family } : {}),
    params,
    // A tfidf-linear fit is its whole training: one "epoch".
    epochs: family === 'tfidf-linear' ? 1 : config.search.epochs,
    seed: config.seed + trial.index,
    maxLen: config.model.maxLen,
    vocabSize: config.model.vocabSize,
    // Optional fixed model options; unset ones are dropped from the payload.
    model: {
      encoderOptions: config.model.encoderOptions,
      freeze: config.model.freeze,
      unfreezeEvery: config.model.unfreezeEvery,
      pretrainedVectors: config.model.pretrainedVectors,
      classWeights: config.model.classWeights,
      initFrom: config.model.initFrom,
      // Only for its own family, so other families' fingerprints do not depend on it.
      ...(family === 'pretrained-transformer' ? { baseModel: config.model.baseModel } : {}),
    },
    objective: config.search.objective,
    // Only when set, so inputs of runs without a requirement stay as they were.
    ...(config.model.requireBackend !== 'any' ? { requireBackend: config.model.requireBackend } : {}),
    ...(config.model.checkpointEverySteps ? { checkpointEverySteps: config.model.checkpointEverySteps } : {}),
    checkpointEveryMinutes: config.model.checkpointEveryMinutes,
    // Only when set, like requireBackend: lineage records of a rerun go beside the first run's.
    ...(config.registry?.onExisting === 'newVersion' ? { onExisting: 'newVersion' as const } : {}),
    data: args.data,
    trainingTaskQueue: args.trainingTaskQueue,
    pruning: args.pruning,
  };
}
