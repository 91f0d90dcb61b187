import { ZodError, type core } from 'zod';
import {
  ArtifactAccessError,
  ArtifactIntegrityError,
  ArtifactNotFoundError,
  ConfigError,
  DataError,
  DomainError,
  TrainingDivergedError,
} from '../../../core/errors';
import type { EpochProgress } from '../epoch-ledger';

/**
 * The message protocol between a training activity's main thread and the
 * worker thread that runs its trainer (threaded-trainer.ts on the main side,
 * serve-trainer.ts in the thread). Every value is structured-cloneable.
 *
 * Requests (main -> thread) carry an `id`; the thread answers each with one
 * `result` or `error` of the same id, in any order. While an epoch runs the
 * thread posts one `batch` per batch boundary and waits there for `batchDone`,
 * so the main side's per-batch hooks (mid-epoch checkpoints) finish before the
 * next batch exactly as in-process; a `checkpoint` request is valid only
 * during that wait. `abort` may come at any time: the running epoch stops at
 * its next batch boundary. Every answer carries the trainer's {@link TrainerState}
 * so the main side's getters stay synchronous.
 */

/** The trainer's observable state after the message that carries it. */
export interface TrainerState<M, P extends EpochProgress> {
  epochsDone: number;
  stoppedEarly: boolean;
  abortedAt: P | null;
  history: M[];
}

/** Operations a request can ask for; `call` runs another method of the trainer (e.g. predict) by name. */
export type TrainerOp =
  | { op: 'setup'; from?: Uint8Array }
  | { op: 'runEpoch'; aborted: boolean }
  | { op: 'save' }
  | { op: 'checkpoint' }
  | { op: 'call'; method: string; args: unknown[] };

export type ToThread =
  | ({ type: 'request'; id: number } & TrainerOp)
  /** The main side's hooks for the last `batch` finished; `failed`: one threw, so the epoch must fail there. */
  | { type: 'batchDone'; failed: boolean }
  | { type: 'abort' };

export type FromThread<M = unknown, P extends EpochProgress = EpochProgress> =
  /** The trainer exists in the thread (its backend selected, its input validated). */
  | { type: 'ready'; state: TrainerState<M, P> }
  /** The trainer could not be created; the thread exits. */
  | { type: 'startFailed'; error: WireError }
  | { type: 'result'; id: number; value: unknown; state: TrainerState<M, P> }
  /** `aborted`: the error is the thread's abort (answering `abort`), not a failure of its own. */
  | { type: 'error'; id: number; error: WireError; aborted: boolean; state: TrainerState<M, P> }
  | { type: 'batch'; progress: P; state: TrainerState<M, P> };

/** An error as it crosses the thread boundary: enough to rebuild its class, message and details. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  details?: Record<string, unknown>;
  /** Zod issues, when the error was a ZodError (activities map it to a non-retryable ConfigError). */
  issues?: core.$ZodIssue[];
}

/** Domain errors rebuilt by name on the main side, so `retryable` and `instanceof` survive the boundary. */
const DOMAIN_ERRORS: Record<string, new (message: string, details?: Record<string, unknown>) => DomainError> = {
  ConfigError,
  DataError,
  TrainingDivergedError,
  ArtifactIntegrityError,
  ArtifactNotFoundError,
  ArtifactAccessError,
};

/** Flattens `err` for postMessage (structured clone keeps neither class nor details). */
export function toWireError(err: unknown): WireError {
  if (err instanceof ZodError) return { name: 'ZodError', message: err.message, stack: err.stack, issues: err.issues };
  if (err instanceof Error) {
    const details = err instanceof DomainError ? err.details : undefined;
    return { name: err.name, message: err.message, stack: err.stack, ...(details ? { details } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

/**
 * Rebuilds an error posted by {@link toWireError}: the domain errors of
 * lib/core/errors.ts and ZodError as their own classes (same message and
 * details), anything else as an Error with the original name and message.
 * The stack is the thread's, where the error was thrown.
 */
export function fromWireError(wire: WireError): Error {
  const Domain = DOMAIN_ERRORS[wire.name];
  const err: Error = Domain
    ? new Domain(wire.message, wire.details)
    : wire.name === 'ZodError' && wire.issues
      ? new ZodError(wire.issues)
      : Object.assign(new Error(wire.message), { name: wire.name });
  if (wire.stack) err.stack = wire.stack;
  return err;
}
