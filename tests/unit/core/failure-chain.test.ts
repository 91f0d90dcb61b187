import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  RetryState,
  TimeoutFailure,
  TimeoutType,
} from '@temporalio/common';
import { summarizeFailure } from '../../../lib/core/failure-chain';

const attempts = (type: string) => (type === 'evaluateModels' || type === 'trainModel' ? 21 : undefined);

function activityFailure(activityType: string, retryState: RetryState, cause: Error): ActivityFailure {
  return new ActivityFailure('Activity task failed', activityType, '1', retryState, 'worker@host', cause);
}

test('an activity that ran out of attempts: its name, the attempt count and the root error, with a hint', () => {
  const root = ApplicationFailure.create({ message: 'connect ECONNREFUSED 127.0.0.1:9000', type: 'Error' });
  const err = activityFailure('evaluateModels', RetryState.MAXIMUM_ATTEMPTS_REACHED, root);
  expect(summarizeFailure(err, attempts)).toBe(
    'evaluateModels failed after 21 attempts: connect ECONNREFUSED 127.0.0.1:9000 (connection refused)',
  );
  // Without a policy lookup the count is unknown, and said so.
  expect(summarizeFailure(err)).toBe(
    'evaluateModels failed after its last retry: connect ECONNREFUSED 127.0.0.1:9000 (connection refused)',
  );
});

test('a heartbeat timeout names the timeout and the last attempt error below it', () => {
  const timeout = new TimeoutFailure('activity Heartbeat timeout', undefined, TimeoutType.HEARTBEAT);
  Object.defineProperty(timeout, 'cause', { value: ApplicationFailure.create({ message: 'worker killed (test)' }) });
  const err = activityFailure('trainModel', RetryState.MAXIMUM_ATTEMPTS_REACHED, timeout);
  expect(summarizeFailure(err, attempts)).toBe(
    'trainModel failed after 21 attempts: heartbeat timeout; last error: worker killed (test)',
  );
  const bare = activityFailure(
    'trainModel',
    RetryState.TIMEOUT,
    new TimeoutFailure('x', undefined, TimeoutType.START_TO_CLOSE),
  );
  expect(summarizeFailure(bare, attempts)).toBe('trainModel failed (retry window spent): start-to-close timeout');
});

test('a non-retryable failure in a child workflow nests: child, activity, root', () => {
  const root = ApplicationFailure.nonRetryable('learningRate diverged at epoch 2', 'TrainingDivergedError');
  const activity = activityFailure('trainModel', RetryState.NON_RETRYABLE_FAILURE, root);
  const child = new ChildWorkflowFailure(
    'default',
    { workflowId: 'run-sweep', runId: 'r' },
    'hpoSweep',
    RetryState.NON_RETRYABLE_FAILURE,
    activity,
  );
  expect(summarizeFailure(child, attempts)).toBe(
    'hpoSweep failed (not retryable): trainModel failed (not retryable): learningRate diverged at epoch 2',
  );
});

test('an application failure is its own message; cancellation and other values are named', () => {
  expect(summarizeFailure(ApplicationFailure.nonRetryable('No trial completed', 'SweepFailed'))).toBe(
    'No trial completed',
  );
  expect(summarizeFailure(new CancelledFailure('deadline'))).toBe('cancelled (deadline)');
  expect(summarizeFailure('plain string')).toBe('plain string');
  expect(summarizeFailure(undefined)).toBe('undefined');
  expect(summarizeFailure(new Error(''))).toBe('Error');
});

test('a hint is added once and only for network codes', () => {
  const once = ApplicationFailure.create({ message: 'getaddrinfo ENOTFOUND s3.internal (host name not found)' });
  expect(summarizeFailure(once)).toBe('getaddrinfo ENOTFOUND s3.internal (host name not found)');
  expect(summarizeFailure(new Error('bad checksum'))).toBe('bad checksum');
});
