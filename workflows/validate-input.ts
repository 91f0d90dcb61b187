import { ApplicationFailure } from '@temporalio/workflow';
import { parseExperimentConfig } from '../configs/validate-config';
import type { ExperimentConfig } from '../configs/experiment-schema';
import { ConfigError } from '../lib/core/errors';

/**
 * Validates a config inside a workflow with the same code the CLI uses. A bad
 * config (e.g. JSON typed into the Web UI) fails the workflow at once with a
 * non-retryable `ConfigError` that lists every bad field, instead of failing
 * the workflow task over and over.
 */
export function validateConfigInWorkflow(input: unknown, source: string): ExperimentConfig {
  try {
    return parseExperimentConfig(input, source);
  } catch (err) {
    if (err instanceof ConfigError) {
      throw ApplicationFailure.nonRetryable(err.message, 'ConfigError', err.details);
    }
    throw err;
  }
}
