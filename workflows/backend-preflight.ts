import type { ExperimentConfig } from '../configs/experiment-schema';
import { trainingActivities } from './activity-proxies';

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
