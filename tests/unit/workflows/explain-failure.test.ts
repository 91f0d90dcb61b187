import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ChildWorkflowFailure,
  RetryState,
} from '@temporalio/common';
import { explainedFailure } from '../../../workflows/explain-failure';
import { attemptsFor } from '../../../workflows/retry-policies';

test('attempt counts come from each activity retry policy', () => {
  expect(attemptsFor('evaluateModels')).toBe(21);
  expect(attemptsFor('suggestTrials')).toBe(8);
  expect(attemptsFor('noSuchActivity')).toBeUndefined();
});

test('an activity failure becomes a non-retryable failure whose message is the root cause, keeping the chain', () => {
  const root = ApplicationFailure.create({
    message: 'connect ECONNREFUSED 127.0.0.1:9000',
    type: 'S3ServiceException',
  });
  const err = new ActivityFailure(
    'Activity task failed',
    'evaluateModels',
    '9',
    RetryState.MAXIMUM_ATTEMPTS_REACHED,
    'w',
    root,
  );
  const out = explainedFailure(err) as ApplicationFailure;
  expect(out).toBeInstanceOf(ApplicationFailure);
  expect(out.message).toBe(
    'evaluateModels failed after 21 attempts: connect ECONNREFUSED 127.0.0.1:9000 (connection refused)',
  );
  expect(out.type).toBe('S3ServiceException');
  expect(out.nonRetryable).toBe(true);
  expect(out.cause).toBe(err);
});

test('cancellation and application failures pass through unchanged', () => {
  const cancelled = new ActivityFailure(
    'x',
    'trainModel',
    '1',
    RetryState.CANCEL_REQUESTED,
    'w',
    new CancelledFailure('c'),
  );
  expect(explainedFailure(cancelled)).toBe(cancelled);
  const app = ApplicationFailure.nonRetryable('No trial completed', 'SweepFailed');
  expect(explainedFailure(app)).toBe(app);
  const child = new ChildWorkflowFailure(
    'default',
    { workflowId: 'a', runId: 'b' },
    'hpoSweep',
    RetryState.NON_RETRYABLE_FAILURE,
    app,
  );
  expect((explainedFailure(child) as ApplicationFailure).message).toBe(
    'hpoSweep failed (not retryable): No trial completed',
  );
  expect((explainedFailure(child) as ApplicationFailure).type).toBe('SweepFailed');
});

test("the type is the activity's own ApplicationFailure's, not that of the error it wraps", () => {
  const domain = ApplicationFailure.create({
    message: 'model.requireBackend is "gpu"',
    type: 'ConfigError',
    nonRetryable: true,
    cause: new Error('inner'),
  });
  const err = new ActivityFailure('x', 'checkTrainingBackend', '1', RetryState.NON_RETRYABLE_FAILURE, 'w', domain);
  const out = explainedFailure(err) as ApplicationFailure;
  expect(out.type).toBe('ConfigError');
  expect(out.message).toBe('checkTrainingBackend failed (not retryable): model.requireBackend is "gpu"');
});
