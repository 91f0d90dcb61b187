import { ConfigError } from './errors';

/**
 * The one rule for run ids and every workflow id the system derives from them
 * (`<runId>-sweep`, `<runId>-sweep-trial-0003-final`). A run id names the S3
 * prefix `runs/<runId>/` and the registry folder, so it must be one safe path
 * segment: ASCII letters, digits, `.`, `_`, `-`; starting with a letter or digit;
 * never containing `..`.
 *
 * Run ids (what a user types) are at most {@link RUN_ID_MAX_LENGTH} characters so that
 * the derived child ids still fit in {@link WORKFLOW_ID_MAX_LENGTH}.
 */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const RUN_ID_MAX_LENGTH = 100;
export const WORKFLOW_ID_MAX_LENGTH = 128;
/** The rule in words, for error messages and docs. */
export const RUN_ID_RULE = `letters A-Z a-z, digits, ".", "_" and "-" only, starting with a letter or digit, no "..", at most ${RUN_ID_MAX_LENGTH} characters (pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,${RUN_ID_MAX_LENGTH - 1}}$)`;
export const RUN_ID_EXAMPLE = 'sentiment-demo-20261124-143859';

/**
 * Returns why `id` is not a valid id (undefined when it is). Pure and
 * deterministic (safe in workflow code). `maxLength` is {@link RUN_ID_MAX_LENGTH}
 * for user-chosen run ids and {@link WORKFLOW_ID_MAX_LENGTH} for derived ids.
 */
export function runIdProblem(id: unknown, maxLength = RUN_ID_MAX_LENGTH): string | undefined {
  if (typeof id !== 'string') return `must be a string (got ${id === null ? 'null' : typeof id})`;
  if (id.length === 0) return 'is empty';
  if (id.length > maxLength) return `is ${id.length} characters long; the limit is ${maxLength}`;
  const bad = [...id].find((ch) => !/[A-Za-z0-9._-]/.test(ch));
  if (bad !== undefined) return `contains ${describeChar(bad)}`;
  if (!RUN_ID_PATTERN.test(id)) return `starts with ${JSON.stringify(id[0])}; it must start with a letter or digit`;
  if (id.includes('..')) return 'contains ".."';
  return undefined;
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (ch === ' ') return 'a space';
  if (code < 0x20 || code === 0x7f) return `a control character (${hex})`;
  return `${JSON.stringify(ch)} (${hex})`;
}

/** The full message for a bad id: what is wrong, the rule, an example. */
export function runIdMessage(id: unknown, problem: string, field = 'run id'): string {
  const shown = typeof id === 'string' ? JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}...` : id) : String(id);
  return `Invalid ${field} ${shown}: it ${problem}. Allowed: ${RUN_ID_RULE}. Example: ${RUN_ID_EXAMPLE}`;
}

/**
 * Throws a non-retryable {@link ConfigError} naming `field`, the rule and an example
 * when `id` is not a valid id; returns it unchanged otherwise.
 */
export function assertValidRunId(id: unknown, field = 'run id', maxLength = RUN_ID_MAX_LENGTH): string {
  const problem = runIdProblem(id, maxLength);
  if (problem !== undefined)
    throw new ConfigError(runIdMessage(id, problem, field), {
      field,
      id: typeof id === 'string' ? id.slice(0, 200) : id,
    });
  return id as string;
}

/**
 * The S3 folder of a run, `runs/<runId>`: the one place the prefix is built.
 * @throws ConfigError when `runId` is not a valid id (so `a/b` can never nest inside run `a`).
 */
export function runPrefixFor(runId: string): string {
  return `runs/${assertValidRunId(runId, 'run id', WORKFLOW_ID_MAX_LENGTH)}`;
}

/**
 * Defence in depth for key builders: when `key` lies under `runs/`, its run segment must
 * be a valid id. Returns the problem (undefined when fine or not under `runs/`).
 */
export function runSegmentProblem(key: string): string | undefined {
  const [top, runId] = key.split('/');
  if (top !== 'runs' || runId === undefined) return undefined;
  const problem = runIdProblem(runId, WORKFLOW_ID_MAX_LENGTH);
  return problem === undefined
    ? undefined
    : runIdMessage(runId, problem, `run id in key ${JSON.stringify(key.slice(0, 80))}:`);
}
