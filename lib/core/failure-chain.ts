/**
 * One readable sentence from a Temporal failure chain. Temporal wraps the real
 * reason of a failed activity in layers (`ActivityFailure` -> `TimeoutFailure`
 * -> `ApplicationFailure`, or `ChildWorkflowFailure` -> ... for a child), and
 * the outer layers say only "Activity task failed" or "activity Heartbeat
 * timeout". This walks the chain and names what failed, how often it was tried
 * and the innermost reason, e.g.
 * `evaluateModels failed after 21 attempts: connect ECONNREFUSED 127.0.0.1:9000 (connection refused)`.
 *
 * Pure and duck-typed (it reads `name`, `message`, `cause` and the fields the
 * SDK's failure classes carry), so `lib/` stays free of `@temporalio/*` and the
 * same function serves the workflow sandbox and the CLI. Never throws.
 */

/** The fields of the SDK's failure classes this helper reads (all optional). */
interface FailureLike {
  name?: string;
  message?: string;
  cause?: unknown;
  activityType?: string;
  workflowType?: string;
  retryState?: string;
  timeoutType?: string;
  type?: string;
}

/** The failure classes that only wrap the real reason (their own message says nothing about it). */
const WRAPPERS = new Set(['ActivityFailure', 'ChildWorkflowFailure', 'WorkflowFailedError']);

/** How many attempts each activity type gets (from the retry policies); used when retries ran out. */
export type AttemptsFor = (activityType: string) => number | undefined;

/** Network error codes and what they mean, appended to a root message that names one. */
const NETWORK_HINTS: [RegExp, string][] = [
  [/\bECONNREFUSED\b/, 'connection refused'],
  [/\bENOTFOUND\b|\bEAI_AGAIN\b/, 'host name not found'],
  [/\bEHOSTUNREACH\b|\bENETUNREACH\b/, 'host unreachable'],
  [/\bETIMEDOUT\b/, 'connection timed out'],
  [/\bECONNRESET\b|socket hang up/i, 'connection reset'],
];

/**
 * The summary of `err`: for a wrapper (activity or child failure), "`<what>` failed[ after N attempts |
 * (not retryable) | (retry window spent)]: `<root reason>`", nesting for children; for any other error, its own
 * message (an application failure's message is written for people already). Non-errors become `String(err)`.
 */
export function summarizeFailure(err: unknown, attemptsFor: AttemptsFor = () => undefined): string {
  if (!isObject(err)) return String(err);
  if (!WRAPPERS.has(err.name ?? '')) return rootReason(err);
  const what = err.activityType ?? err.workflowType;
  if (err.name === 'WorkflowFailedError' || !what) return summarizeFailure(err.cause, attemptsFor) || text(err);
  const inner = isObject(err.cause) ? summarizeFailure(err.cause, attemptsFor) : text(err);
  return `${what} failed${retryNote(err, attemptsFor)}: ${inner}`;
}

/** The innermost reason below a non-wrapper failure: timeouts say which, with the last attempt's error. */
function rootReason(err: FailureLike): string {
  if (err.name === 'TimeoutFailure') {
    const kind = (err.timeoutType ?? 'unknown').toLowerCase().replace(/_/g, '-');
    const last = isObject(err.cause) ? `; last error: ${rootReason(err.cause)}` : '';
    return `${kind} timeout${last}`;
  }
  if (err.name === 'CancelledFailure') return `cancelled${err.message ? ` (${err.message})` : ''}`;
  if (err.name === 'TerminatedFailure') return `terminated${err.message ? ` (${err.message})` : ''}`;
  if (WRAPPERS.has(err.name ?? '')) return summarizeFailure(err);
  return withHint(text(err));
}

function retryNote(err: FailureLike, attemptsFor: AttemptsFor): string {
  switch (err.retryState) {
    case 'MAXIMUM_ATTEMPTS_REACHED': {
      const n = err.activityType ? attemptsFor(err.activityType) : undefined;
      return n ? ` after ${n} attempts` : ' after its last retry';
    }
    case 'TIMEOUT':
      return ' (retry window spent)';
    case 'NON_RETRYABLE_FAILURE':
      return ' (not retryable)';
    default:
      return '';
  }
}

function withHint(message: string): string {
  const hint = NETWORK_HINTS.find(([re]) => re.test(message))?.[1];
  return hint && !message.includes(`(${hint})`) ? `${message} (${hint})` : message;
}

function text(err: FailureLike): string {
  return err.message || err.type || err.name || 'unknown error';
}

function isObject(x: unknown): x is FailureLike {
  return typeof x === 'object' && x !== null;
}
