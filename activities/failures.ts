import { ApplicationFailure } from '@temporalio/common';
import { ZodError } from 'zod';
import { DomainError } from '../lib/core/errors';

/**
 * The one place domain errors become Temporal failures. Non-retryable domain
 * errors (bad config/data, divergence) become non-retryable ApplicationFailures
 * whose `type` is the error name, so workflows and the UI show the message
 * once instead of a retry loop. Everything else is rethrown unchanged and
 * retried by the activity's retry policy (S3 down, worker killed...).
 */
export function toTemporalFailure(err: unknown): unknown {
  if (err instanceof DomainError) {
    return ApplicationFailure.create({
      message: err.message,
      type: err.name,
      nonRetryable: !err.retryable,
      details: err.details ? [err.details] : undefined,
      cause: err,
    });
  }
  if (err instanceof ZodError) {
    return ApplicationFailure.create({
      message: `Invalid activity input: ${err.message}`,
      type: 'ConfigError',
      nonRetryable: true,
    });
  }
  return err;
}

/** Wraps an activity implementation so its errors are mapped by {@link toTemporalFailure}. */
export function mapFailures<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      throw toTemporalFailure(err);
    }
  };
}
