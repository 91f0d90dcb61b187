import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, isCancellation } from '@temporalio/workflow';
import { summarizeFailure } from '../lib/core/failure-chain';
import { attemptsFor } from './retry-policies';

/**
 * The error a workflow should end with instead of `err`: an activity or child
 * failure becomes a non-retryable ApplicationFailure whose message is the
 * summary of its cause chain ("evaluateModels failed after 21 attempts: ..."),
 * keeping `err` as its cause and the root failure's `type`; anything else
 * (cancellation included, so a cancelled run still ends cancelled) is returned
 * unchanged. Changes the failure's text only, never the commands a workflow
 * issues, so recorded histories replay.
 */
export function explainedFailure(err: unknown): unknown {
  if (isCancellation(err) || !(err instanceof ActivityFailure || err instanceof ChildWorkflowFailure)) return err;
  return ApplicationFailure.create({
    message: summarizeFailure(err, attemptsFor),
    type: rootType(err),
    nonRetryable: true,
    cause: err,
  });
}

/** The type of the first ApplicationFailure in the chain (the activity's own error), else the root's class name. */
function rootType(err: Error): string {
  let e: unknown = err;
  while (e instanceof Error && !(e instanceof ApplicationFailure) && e.cause instanceof Error) e = e.cause;
  return e instanceof ApplicationFailure && e.type ? e.type : e instanceof Error ? e.name : 'Error';
}
