import type { ActivityDeps } from './deps';
import { createCurationActivities } from './curation-activities';
import { createRegistryActivities } from './registry-activities';
import { createReportActivities } from './report-activities';
import { createSweepActivities } from './sweep-activities';
import { createTrainModelActivities } from './training-activities';
import { createPretrainActivities } from './pretrain-activities';
import { createBackendCheckActivities } from './backend-check';
import { createBaseModelCheckActivities } from './base-model-check';

export type { ActivityDeps } from './deps';

/** Activities of the control worker (CPU work on the control task queue). */
export function createControlActivities(deps: ActivityDeps) {
  return {
    ...createCurationActivities(deps),
    ...createSweepActivities(),
    ...createReportActivities(deps),
    ...createRegistryActivities(deps),
    ...createBaseModelCheckActivities(deps),
  };
}
/** Activities of training workers: training and evaluation, the pretrain step's LM training, and the backend pre-flight check. */
export const createTrainingActivities = (deps: ActivityDeps) => ({
  ...createTrainModelActivities(deps),
  ...createPretrainActivities(deps),
  ...createBackendCheckActivities(deps),
});

export type ControlActivities = ReturnType<typeof createControlActivities>;
export type TrainingActivities = ReturnType<typeof createTrainingActivities>;
