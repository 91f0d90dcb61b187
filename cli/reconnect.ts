import type { Client } from '@temporalio/client';

/**
 * How `cli watch` rides out a lost connection to Temporal (a server restart, a
 * network blip): the loop that reopens it, with backoff, for a bounded time.
 * Everything that waits or connects is injected, so the policy (which errors
 * count as a lost connection, the delays, the lines printed, when to give up)
 * is unit-tested without a server.
 */

/** gRPC status codes that mean "no server there" rather than "the server said no". */
const LOST_CODES = new Set([14 /* UNAVAILABLE */, 4 /* DEADLINE_EXCEEDED */]);
const LOST_MESSAGE = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|UNAVAILABLE|No connection established|Failed to connect/i;

/**
 * Whether `err` (or an error in its cause chain) is a lost connection to the
 * server: gRPC UNAVAILABLE / DEADLINE_EXCEEDED, or a socket error in the message.
 * A workflow failure or a refused request is not (watch must report those).
 */
export function isConnectionLoss(err: unknown): boolean {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 10; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'number' && LOST_CODES.has(code)) return true;
    if (typeof message === 'string' && LOST_MESSAGE.test(message)) return true;
    e = cause;
  }
  return false;
}

/** Wait before reconnect attempt `attempt` (1-based): 1 s, 2 s, 4 s, ... capped at `maxMs` (default 10 s). */
export function reconnectDelayMs(attempt: number, maxMs = 10_000): number {
  return Math.min(maxMs, 1000 * 2 ** Math.max(0, attempt - 1));
}

/** The line printed before each reconnect attempt. */
export function reconnectLine(address: string, attempt: number): string {
  return `lost connection to Temporal at ${address}; reconnecting (attempt ${attempt})…`;
}

/** Thrown when the server stayed unreachable past the limit; the run itself goes on on the server. */
export class WatchGaveUpError extends Error {
  constructor(address: string, limitMs: number, workflowId: string, cause: unknown) {
    super(
      `Temporal at ${address} stayed unreachable for ${Math.round(limitMs / 1000)} s; stopped watching ${workflowId} (the run goes on on the server: run \`watch ${workflowId}\` again once Temporal is back)`,
      { cause },
    );
    this.name = 'WatchGaveUpError';
  }
}

export interface ReconnectOptions {
  /** Opens a fresh client (a new connection: the old channel may sit in a long reconnect backoff). */
  connect: () => Promise<Client>;
  /** Where the client connects, for the messages. */
  address: string;
  /** Give up once the server has been unreachable this long (ms). */
  limitMs: number;
  /** Where the reconnect lines go (stderr: stdout carries progress and the result). */
  notice: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * After `lost` (a connection loss): prints {@link reconnectLine} and tries to
 * reconnect, waiting {@link reconnectDelayMs} first, until a connection opens or
 * `limitMs` has passed since the loss. Returns the new client and prints
 * "reconnected to Temporal at …".
 * @throws WatchGaveUpError past the limit; any error that is not a connection loss, at once.
 */
export async function reconnect(options: ReconnectOptions, workflowId: string, lost: unknown): Promise<Client> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const since = now();
  let last: unknown = lost;
  for (let attempt = 1; ; attempt++) {
    const left = options.limitMs - (now() - since);
    if (left <= 0) throw new WatchGaveUpError(options.address, options.limitMs, workflowId, last);
    options.notice(reconnectLine(options.address, attempt));
    await sleep(Math.min(reconnectDelayMs(attempt), left));
    try {
      const client = await options.connect();
      options.notice(`reconnected to Temporal at ${options.address}`);
      return client;
    } catch (err) {
      if (!isConnectionLoss(err)) throw err;
      last = err;
    }
  }
}
