import { DefaultLogger, type LogEntry } from '@temporalio/worker';

/**
 * A logger for MockActivityEnvironment that keeps what activities log instead
 * of printing it, so tests that expect failures assert on the log lines
 * ("Activity failed", "Saved a checkpoint where the attempt was cancelled")
 * rather than dumping them into the test output.
 */
export function capturedActivityLogs(level: 'INFO' | 'WARN' = 'INFO') {
  const entries: LogEntry[] = [];
  const logger = new DefaultLogger(level, (entry) => void entries.push(entry));
  return {
    logger,
    entries,
    messages: () => entries.map((e) => e.message),
    clear: () => void entries.splice(0),
  };
}
