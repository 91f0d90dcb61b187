import { proxyActivities, proxyLocalActivities, type RetryPolicy } from '@temporalio/workflow';
import type { ControlActivities, TrainingActivities } from '../activities';
import { NON_RETRYABLE_ERROR_TYPES } from '../lib/core/errors';
import { TRAINING_TASK_QUEUE } from '../configs/task-queues';

const retry: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  maximumAttempts: 8,
  nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
};

/**
 * CPU activities (curation, suggestions, report) on the workflow's own task
 * queue, i.e. the control worker that runs the workflow.
 */
export function controlActivities(): ControlActivities {
  return proxyActivities<ControlActivities>({
    startToCloseTimeout: '15 minutes',
    heartbeatTimeout: '2 minutes',
    retry,
  });
}

/**
 * Training activities on a training queue. The heartbeat timeout bounds how
 * long a killed worker's attempt stays "running" before Temporal retries it
 * elsewhere; the retry resumes from the checkpoint in the last heartbeat.
 */
export function trainingActivities(taskQueue = TRAINING_TASK_QUEUE): TrainingActivities {
  return proxyActivities<TrainingActivities>({
    taskQueue,
    startToCloseTimeout: '12 hours',
    heartbeatTimeout: '20 seconds',
    retry: { ...retry, maximumAttempts: 10 },
  });
}

/**
 * The sampler as a local activity: runs in the control worker beside the
 * workflow; only its result enters history (see activities/sweep-activities.ts).
 */
export function samplerActivities(): Pick<ControlActivities, 'suggestTrials'> {
  return proxyLocalActivities<ControlActivities>({ startToCloseTimeout: '2 minutes', retry });
}
