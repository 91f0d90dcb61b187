/**
 * Domain errors. Each has an explicit `name` (stable across processes: Temporal
 * carries it as the failure `type`) and a `retryable` flag that
 * `activities/failures.ts` maps once to a Temporal `ApplicationFailure`.
 *
 * Rule of thumb: bad input (config, data, signal) and diverged training are not
 * retryable, because retrying cannot fix them; infrastructure trouble is.
 */
export abstract class DomainError extends Error {
  abstract readonly retryable: boolean;
  /** Structured details safe to show the user (no secrets, no large payloads). */
  readonly details?: Record<string, unknown>;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** A config (file, CLI flag or Web UI JSON) failed validation. Message names each field and the fix. */
export class ConfigError extends DomainError {
  readonly retryable = false;
}

/** A dataset is unusable (empty, mis-encoded, too many bad rows...). Message names the row and the fix. */
export class DataError extends DomainError {
  readonly retryable = false;
}

/** Training produced NaN/inf loss or exploded: fails the trial, never the sweep. */
export class TrainingDivergedError extends DomainError {
  readonly retryable = false;
}

/** An artifact's bytes do not match its recorded sha256 or size. Retryable: a re-read may succeed. */
export class ArtifactIntegrityError extends DomainError {
  readonly retryable = true;
}

/** An artifact does not exist where its reference says. */
export class ArtifactNotFoundError extends DomainError {
  readonly retryable = false;
}

/** A URI that points outside the configured store (another bucket, path traversal). */
export class ArtifactAccessError extends DomainError {
  readonly retryable = false;
}

/**
 * The artifact store cannot be reached or does not answer (connection refused or timed
 * out, no response within the request timeout, missing bucket). Retryable: an outage
 * or a deployment fix ends it without changing the run's input. The message names the
 * endpoint, the operation and the setting that bounds the wait.
 */
export class StorageUnavailableError extends DomainError {
  readonly retryable = true;
}

/** Names of all non-retryable domain errors, for Temporal retry policies. */
export const NON_RETRYABLE_ERROR_TYPES = [
  'ConfigError',
  'DataError',
  'TrainingDivergedError',
  'ArtifactNotFoundError',
  'ArtifactAccessError',
] as const;
