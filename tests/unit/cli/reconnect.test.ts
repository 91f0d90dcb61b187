import type { Client } from '@temporalio/client';
import { isConnectionLoss, reconnect, reconnectDelayMs, reconnectLine, WatchGaveUpError } from '../../../cli/reconnect';

const unavailable = () => Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });

test('a lost connection is told from a failed run or a refused request, through the cause chain', () => {
  expect(isConnectionLoss(unavailable())).toBe(true);
  expect(isConnectionLoss(new Error('Failed to query', { cause: unavailable() }))).toBe(true);
  expect(isConnectionLoss(new Error('connect ECONNREFUSED 127.0.0.1:7233'))).toBe(true);
  expect(isConnectionLoss(Object.assign(new Error('deadline'), { code: 4 }))).toBe(true);
  expect(isConnectionLoss(new Error('Workflow execution failed'))).toBe(false);
  expect(isConnectionLoss(Object.assign(new Error('not found'), { code: 5 }))).toBe(false);
  expect(isConnectionLoss(undefined)).toBe(false);
});

test('backoff doubles from 1 s and is capped', () => {
  expect([1, 2, 3, 4, 5, 6].map((a) => reconnectDelayMs(a))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  expect(reconnectDelayMs(3, 3000)).toBe(3000);
  expect(reconnectLine('127.0.0.1:7233', 2)).toBe(
    'lost connection to Temporal at 127.0.0.1:7233; reconnecting (attempt 2)…',
  );
});

/** A fake clock: sleeping advances it. */
function fakeTime() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

test('reconnects after failed attempts, one line per attempt, then says so', async () => {
  const lines: string[] = [];
  const client = {} as Client;
  let tries = 0;
  const got = await reconnect(
    {
      ...fakeTime(),
      address: 'tmp:1',
      limitMs: 60_000,
      notice: (l) => lines.push(l),
      connect: async () => {
        if (++tries < 3) throw unavailable();
        return client;
      },
    },
    'run-1',
    unavailable(),
  );
  expect(got).toBe(client);
  expect(lines).toEqual([
    'lost connection to Temporal at tmp:1; reconnecting (attempt 1)…',
    'lost connection to Temporal at tmp:1; reconnecting (attempt 2)…',
    'lost connection to Temporal at tmp:1; reconnecting (attempt 3)…',
    'reconnected to Temporal at tmp:1',
  ]);
});

test('gives up past the limit with a clear message; other errors stop it at once', async () => {
  const lines: string[] = [];
  const time = fakeTime();
  const err = await reconnect(
    {
      ...time,
      address: 'tmp:1',
      limitMs: 10_000,
      notice: (l) => lines.push(l),
      connect: async () => Promise.reject(unavailable()),
    },
    'run-1',
    unavailable(),
  ).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WatchGaveUpError);
  expect((err as Error).message).toBe(
    'Temporal at tmp:1 stayed unreachable for 10 s; stopped watching run-1 (the run goes on on the server: run `watch run-1` again once Temporal is back)',
  );
  // 1 + 2 + 4 s, then the last wait is cut to what is left of the 10 s.
  expect(lines).toHaveLength(4);
  expect(time.now()).toBe(10_000);
  const denied = new Error('PERMISSION_DENIED');
  await expect(
    reconnect(
      {
        ...fakeTime(),
        address: 'a',
        limitMs: 10_000,
        notice: () => undefined,
        connect: async () => Promise.reject(denied),
      },
      'r',
      unavailable(),
    ),
  ).rejects.toBe(denied);
});

/** A client whose run's result comes from `result` and whose queries answer `stage`. */
function fakeClient(result: () => Promise<unknown>, stage = 'sweeping'): Client {
  const handle = {
    result,
    query: async (name: string) =>
      name === 'pipelineStatus' ? { stage, sweepWorkflowId: 's' } : Promise.reject(unavailable()),
  };
  return { workflow: { getHandle: () => handle } } as unknown as Client;
}

test('watchRun reconnects on a lost connection and returns the result from the new client', async () => {
  const { watchRun } = await import('../../../cli/watch-run');
  const lines: string[] = [];
  const notices: string[] = [];
  const result = { runId: 'run-1' };
  const first = fakeClient(() => new Promise((_, reject) => setTimeout(() => reject(unavailable()), 30)), 'curating');
  const second = fakeClient(async () => result, 'evaluating');
  const out = await watchRun(first, 'run-1', (l) => lines.push(l), 5, {
    ...fakeTime(),
    address: 'tmp:1',
    limitMs: 60_000,
    notice: (l) => notices.push(l),
    connect: async () => second,
  });
  expect(out).toBe(result);
  expect(notices).toEqual([
    'lost connection to Temporal at tmp:1; reconnecting (attempt 1)…',
    'reconnected to Temporal at tmp:1',
  ]);
  expect(lines[0]).toBe('stage: curating');
});

test('watchRun without reconnect options, or on a failed run, rethrows at once', async () => {
  const { watchRun } = await import('../../../cli/watch-run');
  const lost = unavailable();
  await expect(
    watchRun(
      fakeClient(() => Promise.reject(lost)),
      'r',
      () => undefined,
      5,
    ),
  ).rejects.toBe(lost);
  const failed = new Error('Workflow execution failed');
  const connect = jest.fn();
  await expect(
    watchRun(
      fakeClient(() => Promise.reject(failed)),
      'r',
      () => undefined,
      5,
      {
        ...fakeTime(),
        address: 'a',
        limitMs: 1000,
        notice: () => undefined,
        connect,
      },
    ),
  ).rejects.toBe(failed);
  expect(connect).not.toHaveBeenCalled();
});
