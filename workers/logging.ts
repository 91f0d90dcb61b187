import { types } from 'node:util';
import pino, { type Logger as PinoLogger, type DestinationStream } from 'pino';
import type { Logger as SdkLogger, LogLevel as SdkLogLevel, LogMetadata } from '@temporalio/common';
import { escapeJsonText } from '../lib/core/printable';

/**
 * Structured JSON logs for workers: one JSON object per line on stdout
 * (`{"level":"info","time":"…","service":"training-worker","msg":"…",…}`),
 * which every log collector (Loki, CloudWatch, fluent-bit) parses without a
 * custom format. pino is the standard fast JSON logger for Node.
 */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/**
 * A worker's root logger; `destination` defaults to stdout (tests pass a stream).
 * Every line is passed through {@link escapeJsonText}: log fields quote data (labels,
 * texts, failure messages), and JSON leaves DEL, C1 controls and bidi overrides raw,
 * which `tail -f` on a terminal would act on. The line stays valid JSON with the same values.
 */
export function createWorkerLogger(service: string, level: LogLevelName, destination?: DestinationStream): PinoLogger {
  const options = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Level as a word ("warn"), not pino's number, so queries need no lookup table.
    formatters: { level: (label: string) => ({ level: label }) },
    hooks: { streamWrite: escapeJsonText },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** What a log line says of a failure once payload encryption is on. */
export const REDACTED_FAILURE_TEXT =
  '[redacted: payloads are encrypted; read this failure in the Web UI through the codec server]';

/** Longest JSON of a failure's details kept in a log line (quarantine previews can be long). */
const MAX_DETAILS_CHARS = 2_000;

/** How failures appear in log lines. */
export interface FailureLogOptions {
  /**
   * Leave out failure messages and details, which can quote user data (a
   * DataError's first bad rows, hyperparameters). Set when payload
   * encryption is on, so that logs do not show what history hides.
   */
  redactFailureText: boolean;
}

/**
 * A failure as JSON for a log line: type, message, retryability, details and
 * cause chain. pino alone would print an Error under the SDK's `error` key as
 * its enumerable fields only, dropping the message.
 */
export function describeFailureForLog(err: Error, options: FailureLogOptions, depth = 0): Record<string, unknown> {
  const failure = err as Error & { type?: string; nonRetryable?: boolean; details?: unknown[] };
  const described: Record<string, unknown> = {
    type: failure.type ?? failure.name,
    message: options.redactFailureText ? REDACTED_FAILURE_TEXT : failure.message,
  };
  if (failure.nonRetryable !== undefined) described.nonRetryable = failure.nonRetryable;
  if (!options.redactFailureText && failure.details?.length) described.details = truncatedJson(failure.details);
  // isNativeError too: the SDK logs "Workflow failed" with errors built in the workflow sandbox's realm.
  const cause = failure.cause;
  if ((cause instanceof Error || types.isNativeError(cause)) && depth < 5)
    described.cause = describeFailureForLog(cause as Error, options, depth + 1);
  return described;
}

function truncatedJson(value: unknown): unknown {
  const json = JSON.stringify(value) ?? '';
  return json.length <= MAX_DETAILS_CHARS ? value : `${json.slice(0, MAX_DETAILS_CHARS)}… (${json.length} chars)`;
}

/** Log metadata as pino fields; Error values become {@link describeFailureForLog} objects. */
function toFields(meta: LogMetadata | undefined, options: FailureLogOptions): Record<string, unknown> {
  if (!meta) return {};
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(meta)) {
    const value = meta[key];
    // isNativeError also catches errors built in another realm (the workflow sandbox).
    fields[key] =
      value instanceof Error || types.isNativeError(value) ? describeFailureForLog(value as Error, options) : value;
  }
  return fields;
}

/**
 * Adapts a pino logger to the Temporal SDK's `Logger`, for
 * `Runtime.install({ logger })`: SDK messages, activity/workflow context
 * logs (`ctx.log.info(...)`, with their workflowId/activityId metadata) and
 * forwarded Core (Rust) logs all come out as the same JSON lines. Failures
 * in the metadata (the SDK's "Activity failed" / "Workflow failed" lines)
 * are logged with their message, or redacted per `failures`.
 */
export class PinoSdkLogger implements SdkLogger {
  constructor(
    private readonly logger: PinoLogger,
    private readonly failures: FailureLogOptions = { redactFailureText: false },
  ) {}

  log(level: SdkLogLevel, message: string, meta?: LogMetadata): void {
    const method = level.toLowerCase() as LogLevelName;
    this.logger[method](toFields(meta, this.failures), message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
