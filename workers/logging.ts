import pino, { type Logger as PinoLogger, type DestinationStream } from 'pino';
import type { Logger as SdkLogger, LogLevel as SdkLogLevel, LogMetadata } from '@temporalio/common';

/**
 * Structured JSON logs for workers: one JSON object per line on stdout
 * (`{"level":"info","time":"…","service":"training-worker","msg":"…",…}`),
 * which every log collector (Loki, CloudWatch, fluent-bit) parses without a
 * custom format. pino is the standard fast JSON logger for Node.
 */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** A worker's root logger; `destination` defaults to stdout (tests pass a stream). */
export function createWorkerLogger(service: string, level: LogLevelName, destination?: DestinationStream): PinoLogger {
  const options = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Level as a word ("warn"), not pino's number, so queries need no lookup table.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Keys the SDK puts in log metadata that are JS symbols or not JSON-friendly are dropped by pino. */
function toFields(meta?: LogMetadata): Record<string, unknown> {
  if (!meta) return {};
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(meta)) fields[key] = meta[key];
  return fields;
}

/**
 * Adapts a pino logger to the Temporal SDK's `Logger`, for
 * `Runtime.install({ logger })`: SDK messages, activity/workflow context
 * logs (`ctx.log.info(...)`, with their workflowId/activityId metadata) and
 * forwarded Core (Rust) logs all come out as the same JSON lines.
 */
export class PinoSdkLogger implements SdkLogger {
  constructor(private readonly logger: PinoLogger) {}

  log(level: SdkLogLevel, message: string, meta?: LogMetadata): void {
    const method = level.toLowerCase() as LogLevelName;
    this.logger[method](toFields(meta), message);
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
