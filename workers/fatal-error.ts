import { inspect } from 'node:util';
import { printable } from '../lib/core/printable';

/**
 * A startup failure of a worker or server as it goes to stderr: the error
 * with its stack, cause chain and fields (`util.inspect`, no colours), then
 * every terminal control and bidi character escaped by `printable`, newlines
 * kept. Messages quote configuration and data (a label, an environment
 * value, a row); printed raw, `\x1b[2J` would clear the operator's screen.
 */
export function formatFatalError(err: unknown): string {
  return printable(inspect(err, { depth: 5, colors: false }), { keepNewlines: true });
}

/** Prints `err` as {@link formatFatalError} does and exits with `code`. For composition roots only. */
export function exitWithFatalError(err: unknown, code = 1): never {
  console.error(formatFatalError(err));
  process.exit(code);
}
