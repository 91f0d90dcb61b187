import type { ActivityDeps } from './deps';
import { createCurationActivities } from './curation-activities';
import { createRegistryActivities } from './registry-activities';
import { createReportActivities } from './report-activities';
import { createSweepActivities } from './sweep-activities';
import { createTrainingActivities } from './training-activities';

export type { ActivityDeps } from './deps';

/** Activities of the control worker (CPU work on the control task queue). */
export function createControlActivities(deps: ActivityDeps) {
  return { ...createCurationActivities(deps), ...createSweepActivities(), ...createReportActivities(deps), ...createRegistryActivities(deps) };
}
export { createTrainingActivities };

export type ControlActivities = ReturnType<typeof createControlActivities>;
export type TrainingActivities = ReturnType<typeof createTrainingActivities>;
