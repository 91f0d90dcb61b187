import type { TrainModelInput, TrainModelOutput } from '../activities/contracts';
import { trainingActivities } from './activity-proxies';

export interface TrainTrialInput extends TrainModelInput {
  trainingTaskQueue?: string;
}

/**
 * One trial: trains a model on the training task queue. A crashed worker's
 * attempt times out on heartbeats and is retried on any live worker, resuming
 * from the last checkpoint; a diverged or bad-input trial fails for good.
 */
export async function trainTrial(input: TrainTrialInput): Promise<TrainModelOutput> {
  const { trainingTaskQueue, ...modelInput } = input;
  return trainingActivities(trainingTaskQueue).trainModel(modelInput);
}
