import { ActivityCancellationType, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { ControlActivities, TrainingActivities } from '../activities';
import { TRAINING_TASK_QUEUE } from '../configs/task-queues';
import { CONTROL_RETRY, SAMPLER_RETRY, TRAINING_RETRY } from './retry-policies';

// Retry policies and their budgets: ./retry-policies.ts. The timeouts below bound ONE attempt;
// the policy's retry window (~15 min for control and training) comes on top, and no workflow
// sets an execution timeout that could cut it short.

/**
 * CPU activities (curation, suggestions, report) on the workflow's own task
 * queue, i.e. the control worker that runs the workflow.
 */
export function controlActivities(): ControlActivities {
  return proxyActivities<ControlActivities>({
    startToCloseTimeout: '15 minutes',
    heartbeatTimeout: '2 minutes',
    retry: CONTROL_RETRY,
  });
}

/**
 * Training activities on a training queue. The heartbeat timeout bounds how
 * long a killed worker's attempt stays "running" before Temporal retries it
 * elsewhere; the retry resumes from the checkpoint in the last heartbeat.
 * A cancelled workflow (e.g. a trial cancelled at the sweep's deadline) waits
 * for the attempt to acknowledge: it learns of the cancellation at its next
 * heartbeat and saves a checkpoint where it stopped first (at most one
 * heartbeat timeout when its worker is gone). This option is SDK-side only:
 * the commands, and so replay, are unchanged.
 */
export function trainingActivities(taskQueue = TRAINING_TASK_QUEUE): TrainingActivities {
  return proxyActivities<TrainingActivities>({
    taskQueue,
    startToCloseTimeout: '12 hours',
    heartbeatTimeout: '20 seconds',
    retry: TRAINING_RETRY,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
}

/**
 * The sampler as a local activity: runs in the control worker beside the
 * workflow; only its result enters history (see activities/sweep-activities.ts).
 */
export function samplerActivities(): Pick<ControlActivities, 'suggestTrials'> {
  return proxyLocalActivities<ControlActivities>({ startToCloseTimeout: '2 minutes', retry: SAMPLER_RETRY });
}
