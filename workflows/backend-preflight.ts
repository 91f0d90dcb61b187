import type { ExperimentConfig } from '../configs/experiment-schema';
import { controlActivities, trainingActivities } from './activity-proxies';
import { configFamilies, maxSearchedInt } from '../configs/family-spaces';

/**
 * Pre-flight of `model.requireBackend`: asks a worker on the training queue
 * what it runs, before any data is curated or trial started; its activity
 * fails the run with a non-retryable ConfigError naming the field when the
 * backend misses the requirement. Issues no command when the requirement is
 * 'any', so runs without one replay exactly as before. Every training attempt
 * checks again on its own worker (pools can be mixed).
 */
export async function checkTrainingBackendFirst(config: ExperimentConfig, trainingTaskQueue?: string): Promise<void> {
  if (config.model.requireBackend === 'any') return;
  await trainingActivities(trainingTaskQueue).checkTrainingBackend({ requirement: config.model.requireBackend });
}

/**
 * Pre-flight of `model.baseModel` (a run with the pretrained-transformer family): the control
 * worker reads its manifest and fails the run with a non-retryable error before curation when the
 * name is unknown (close names suggested), maxLen exceeds the model's positions or the sweep can
 * try more top layers than it has. No command for runs without that family, so they replay as before.
 */
export async function checkBaseModelFirst(config: ExperimentConfig): Promise<void> {
  if (!config.model.baseModel || !configFamilies(config).includes('pretrained-transformer')) return;
  await controlActivities().checkBaseModel({
    baseModel: config.model.baseModel,
    maxLen: config.model.maxLen,
    maxTopLayers: maxSearchedInt(config, 'pretrained-transformer', 'topLayers', 2),
  });
}
