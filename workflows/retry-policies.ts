import type { RetryPolicy } from '@temporalio/common';
import type { ControlActivities, TrainingActivities } from '../activities';
import { NON_RETRYABLE_ERROR_TYPES } from '../lib/core/errors';

/**
 * Every retry policy the workflows use, in one place (the workflow sandbox
 * imports it: no Node built-ins). Policies are sized by TIME, not by count: the
 * retry window is the sum of the capped exponential backoff intervals between
 * attempts (`retryWindowMs` in ./retry-window.ts), i.e. the longest outage of
 * an always-failing dependency (S3 refusing connections) an activity rides out
 * before Temporal gives up. Bad config or data fails at once whatever the budget:
 * `nonRetryableErrorTypes` lists the domain errors (lib/core/errors.ts).
 *
 * Changing a retry policy changes no workflow command, so recorded histories
 * still replay.
 */

/** The outage every S3-touching activity must survive (issue "outage"): 10 minutes. */
export const REQUIRED_OUTAGE_MS = 10 * 60_000;

/**
 * Backoff 1 s, 2 s, 4 s, ... capped at 60 s, over `maximumAttempts` attempts.
 * With 21 attempts the window is 1+2+4+8+16+32 + 14 x 60 = 903 s (15 min 3 s):
 * a 10-minute outage plus 50% headroom, whatever part of a run it hits.
 */
function outageRetry(maximumAttempts: number): RetryPolicy {
  return {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '60s',
    maximumAttempts,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
  };
}

/**
 * Control activities (curation, augmentation, folds, registration, report):
 * 21 attempts, a 903 s window. A failing attempt that is not an outage (a bug)
 * therefore takes ~15 minutes to fail the run instead of ~1.5.
 */
export const CONTROL_RETRY: RetryPolicy = outageRetry(21);

/**
 * Training-queue activities: `trainModel`, `pretrainLanguageModel`, the
 * post-sweep `evaluateModels` (ensemble selection and test metrics) and the
 * backend pre-flight: 21 attempts, a 903 s window. Worker kills (heartbeat
 * timeouts) use attempts too; a 30 s outage uses 5 of the 21 and leaves a
 * 872 s window (asserted in tests/unit/workflows/retry-policies.test.ts).
 */
export const TRAINING_RETRY: RetryPolicy = outageRetry(21);

/**
 * The sampler (`suggestTrials`, a local activity in the control worker): it
 * reads no S3 and does no I/O (activities/sweep-activities.ts), so an outage
 * cannot fail it; its retries only cover a transient in-process error.
 * 8 attempts, backoff capped at 30 s: a 91 s window.
 */
export const SAMPLER_RETRY: RetryPolicy = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '30s',
  maximumAttempts: 8,
  nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
};

export const RETRY_POLICIES = { CONTROL_RETRY, TRAINING_RETRY, SAMPLER_RETRY } as const;
export type RetryPolicyName = keyof typeof RETRY_POLICIES;

/**
 * Which policy each activity runs under (the proxies in ./activity-proxies.ts
 * bind them by queue: control, training, local sampler). Typed over every
 * activity name, so a new activity cannot be left out; the README's durability
 * table is checked against this map.
 */
export const ACTIVITY_RETRY_POLICY: Record<keyof ControlActivities, RetryPolicyName> &
  Record<keyof TrainingActivities, RetryPolicyName> = {
  curateDataset: 'CONTROL_RETRY',
  augmentTrainSet: 'CONTROL_RETRY',
  prepareFolds: 'CONTROL_RETRY',
  suggestTrials: 'SAMPLER_RETRY',
  registerModel: 'CONTROL_RETRY',
  writeReport: 'CONTROL_RETRY',
  checkTrainingBackend: 'TRAINING_RETRY',
  checkBaseModel: 'CONTROL_RETRY',
  pretrainLanguageModel: 'TRAINING_RETRY',
  trainModel: 'TRAINING_RETRY',
  evaluateModels: 'TRAINING_RETRY',
};

/** Attempts an activity type gets under its retry policy (undefined for an unknown type), for failure messages. */
export function attemptsFor(activityType: string): number | undefined {
  const policy = (ACTIVITY_RETRY_POLICY as Record<string, RetryPolicyName | undefined>)[activityType];
  return policy ? RETRY_POLICIES[policy].maximumAttempts : undefined;
}
