import { ApplicationFailure } from '@temporalio/workflow';
import { parseExperimentConfig } from '../configs/validate-config';
import type { ExperimentConfig } from '../configs/experiment-schema';
import { ConfigError } from '../lib/core/errors';
import type { PipelineRecovery, PipelineRecoveryInfo } from './recovery';

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

/** What `fineTunePipeline` reads from its input once the envelope is checked. */
export interface ValidPipelineInput {
  config: ExperimentConfig;
  trainingTaskQueue?: string;
  /** Written by `cli recover` (shape checked, contents trusted: they come from the failed execution itself). */
  recovery?: PipelineRecovery;
  /** The input as an envelope, without `recovery`: what a recovery of this execution starts again with. */
  original: PipelineRecoveryInfo['input'];
}

const ENVELOPE_KEYS = ['schemaVersion', 'config', 'trainingTaskQueue', 'recovery'];

/**
 * Validates a `fineTunePipeline` input: either `{config, schemaVersion?, trainingTaskQueue?}`
 * or a bare config (as typed into the Web UI). Envelope problems (unknown keys, a wrong
 * schemaVersion, a non-string task queue, which would otherwise fail a workflow task
 * over and over when the first training activity is scheduled) fail at once with a
 * non-retryable `ConfigError` naming the field, like config problems.
 */
export function validatePipelineInput(input: unknown): ValidPipelineInput {
  if (!input || typeof input !== 'object' || Array.isArray(input) || !('config' in input)) {
    return { config: validateConfigInWorkflow(input, 'fineTunePipeline input'), original: { config: input } };
  }
  const envelope = input as Record<string, unknown>;
  const problems: string[] = [];
  const unknown = Object.keys(envelope).filter((k) => !ENVELOPE_KEYS.includes(k));
  if (unknown.length > 0)
    problems.push(
      `- (input): unknown key(s) ${unknown.map((k) => `"${k}"`).join(', ')}: the input is {"config": {...}} with optional "trainingTaskQueue" and "schemaVersion"`,
    );
  const recovery = envelope.recovery;
  if (
    recovery !== undefined &&
    (!recovery ||
      typeof recovery !== 'object' ||
      typeof (recovery as PipelineRecovery).steps !== 'object' ||
      (recovery as PipelineRecovery).steps === null)
  ) {
    problems.push(
      '- recovery: must be {"fromExecution": ..., "steps": {...}} as `cli recover` writes it; omit it to start a run',
    );
  }
  if (envelope.schemaVersion !== undefined && envelope.schemaVersion !== 1)
    problems.push(`- schemaVersion: input schemaVersion must be 1 (got ${JSON.stringify(envelope.schemaVersion)})`);
  const queue = envelope.trainingTaskQueue;
  if (queue !== undefined && (typeof queue !== 'string' || queue.trim() === '' || queue.length > 200)) {
    problems.push(
      `- trainingTaskQueue: must be a non-empty task queue name (got ${JSON.stringify(queue)}); omit it to use the default training queue`,
    );
  }
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `Invalid fineTunePipeline input (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.join('\n')}`,
      'ConfigError',
    );
  }
  const { recovery: _recovery, ...original } = envelope as unknown as PipelineRecoveryInfo['input'] & {
    recovery?: unknown;
  };
  return {
    config: validateConfigInWorkflow(envelope.config, 'fineTunePipeline input'),
    trainingTaskQueue: queue as string | undefined,
    ...(recovery ? { recovery: recovery as PipelineRecovery } : {}),
    original,
  };
}
