import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { TrainingActivities } from '../../../activities';
import type { TrainModelInput, TrainModelOutput } from '../../../activities/contracts';

/**
 * A test-only workflow: one trainModel attempt (no retries) under the given
 * heartbeat timeout. Cancelling the workflow cancels the attempt and waits
 * until the activity confirmed it, so the workflow closes when the attempt ends.
 */
export async function trainOnce(
  input: TrainModelInput,
  opts: { taskQueue: string; heartbeatTimeoutMs: number },
): Promise<TrainModelOutput> {
  const { trainModel } = proxyActivities<TrainingActivities>({
    taskQueue: opts.taskQueue,
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: opts.heartbeatTimeoutMs,
    retry: { maximumAttempts: 1 },
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  return trainModel(input);
}
