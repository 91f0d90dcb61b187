import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { z, ZodError } from 'zod';
import { ConfigError, DataError, DomainError, TrainingDivergedError } from '../../../../lib/core/errors';
import type { EpochProgress } from '../../../../lib/models/training/epoch-ledger';
import { serveTrainer, type ServableTrainer } from '../../../../lib/models/training/thread/serve-trainer';
import { ThreadedTrainer, type TrainerChannel } from '../../../../lib/models/training/thread/threaded-trainer';
import { fromWireError, toWireError } from '../../../../lib/models/training/thread/trainer-protocol';

/**
 * The trainer-thread protocol over an in-process MessageChannel: the same
 * messages a worker thread gets, with a scripted trainer in place of tfjs.
 */

interface FakeMetrics {
  epoch: number;
}

/** A trainer of `batches` batches per epoch; `batch(b)` runs each (a test makes it slow or hang). */
function fakeTrainer(batches: number, batch: (b: number) => Promise<void> = async () => undefined) {
  let done = 0;
  let abortedAt: EpochProgress | null = null;
  const history: FakeMetrics[] = [];
  const trainer: ServableTrainer<FakeMetrics, EpochProgress> & { predict(x: number[]): number[] } = {
    get epochsDone() {
      return done;
    },
    get abortedAt() {
      return abortedAt;
    },
    get history() {
      return history;
    },
    async setup(from) {
      if (from) done = from[0];
    },
    async runEpoch(signal, afterBatch) {
      const epoch = done + 1;
      let last: EpochProgress | null = null;
      abortedAt = null;
      for (let b = 0; b < batches; b++) {
        if (signal.aborted) {
          abortedAt = last;
          throw signal.reason;
        }
        await batch(b);
        last = { epoch, batchesDone: b + 1 };
        await afterBatch?.(last, async () => Uint8Array.of(epoch, b + 1));
      }
      done = epoch;
      history.push({ epoch });
      return { epoch };
    },
    async save() {
      return Uint8Array.of(done, abortedAt?.batchesDone ?? 0);
    },
    predict: (x) => x.map((v) => v * 2),
  };
  return trainer;
}

const ports: MessagePort[] = [];
afterEach(() => ports.splice(0).forEach((p) => p.close()));

/** Serves `trainer` on one end of a channel and connects a ThreadedTrainer to the other. */
async function connected(trainer: ServableTrainer<FakeMetrics, EpochProgress>, stopGraceMs = 1_000) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const terminate = jest.fn(async () => port2.close());
  const channel: TrainerChannel = {
    postMessage: (m) => port1.postMessage(m),
    on: (e, l) => port1.on(e, l),
    terminate,
  };
  const connecting = ThreadedTrainer.connect<FakeMetrics, EpochProgress>(channel, { stopGraceMs });
  serveTrainer(port2, trainer);
  return { remote: await connecting, terminate };
}

test('requests answer with results, and the getters follow the thread state', async () => {
  const { remote } = await connected(fakeTrainer(3));
  await remote.setup(Uint8Array.of(2));
  expect(remote.epochsDone).toBe(2);
  expect(await remote.runEpoch(new AbortController().signal)).toEqual({ epoch: 3 });
  expect(remote.epochsDone).toBe(3);
  expect(remote.history).toEqual([{ epoch: 3 }]);
  expect(Array.from(await remote.save())).toEqual([3, 0]);
  expect(await remote.call('predict', [1, 2])).toEqual([2, 4]);
  await expect(remote.call('nope')).rejects.toThrow("trainer has no method 'nope'");
});

test('the thread waits at each batch boundary until the hooks settled; checkpoint() returns that boundary', async () => {
  const events: string[] = [];
  const { remote } = await connected(fakeTrainer(3, async (b) => void events.push(`batch ${b + 1}`)));
  await remote.runEpoch(new AbortController().signal, async (p, checkpoint) => {
    events.push(`hook ${p.batchesDone} start`);
    await new Promise((r) => setTimeout(r, 20));
    if (p.batchesDone === 2) events.push(`checkpoint ${Array.from(await checkpoint())}`);
    events.push(`hook ${p.batchesDone} end`);
  });
  expect(events).toEqual([
    'batch 1',
    'hook 1 start',
    'hook 1 end',
    'batch 2',
    'hook 2 start',
    'checkpoint 1,2',
    'hook 2 end',
    'batch 3',
    'hook 3 start',
    'hook 3 end',
  ]);
});

test('a hook that throws fails the epoch with that very error', async () => {
  const { remote } = await connected(fakeTrainer(3));
  const boom = new Error('S3 down');
  await expect(
    remote.runEpoch(new AbortController().signal, async (p) => {
      if (p.batchesDone === 2) throw boom;
    }),
  ).rejects.toBe(boom);
});

test('an abort stops the epoch at the next boundary and rejects with the caller signal reason', async () => {
  const controller = new AbortController();
  const reason = new Error('cancelled by the workflow');
  const { remote, terminate } = await connected(fakeTrainer(5));
  const run = remote.runEpoch(controller.signal, async (p) => {
    if (p.batchesDone === 2) controller.abort(reason);
  });
  await expect(run).rejects.toBe(reason);
  expect(remote.abortedAt).toEqual({ epoch: 1, batchesDone: 2 });
  expect(Array.from(await remote.save())).toEqual([0, 2]);
  expect(terminate).not.toHaveBeenCalled();
});

test('a thread stuck in a batch past the stop grace is terminated; nothing is left to save', async () => {
  const controller = new AbortController();
  const reason = new Error('worker shutdown');
  const onTerminated = jest.fn();
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const terminate = jest.fn(async () => port2.close());
  const connecting = ThreadedTrainer.connect<FakeMetrics, EpochProgress>(
    { postMessage: (m) => port1.postMessage(m), on: (e, l) => port1.on(e, l), terminate },
    { stopGraceMs: 50, onTerminated },
  );
  serveTrainer(
    port2,
    fakeTrainer(3, (b) => (b === 1 ? new Promise(() => undefined) : Promise.resolve())),
  );
  const remote = await connecting;
  // Batch 2 never ends: the stop request arrives while the thread is inside it.
  const run = remote.runEpoch(controller.signal, async (p) => {
    if (p.batchesDone === 1) setTimeout(() => controller.abort(reason), 20);
  });
  await expect(run).rejects.toBe(reason);
  expect(terminate).toHaveBeenCalledTimes(1);
  expect(onTerminated).toHaveBeenCalledWith({ graceMs: 50 });
  expect(remote.abortedAt).toBeNull();
  await expect(remote.save()).rejects.toBe(reason);
});

test('an epoch started with an aborted signal trains no batch', async () => {
  const controller = new AbortController();
  controller.abort(new Error('already'));
  const batches: number[] = [];
  const { remote } = await connected(fakeTrainer(3, async (b) => void batches.push(b)));
  await expect(remote.runEpoch(controller.signal)).rejects.toBe(controller.signal.reason);
  expect(batches).toEqual([]);
});

test('domain errors, zod errors and plain errors keep class, name, message and details across the boundary', () => {
  const cases: [Error, new (...a: never[]) => Error][] = [
    [new ConfigError('bad labels: fix it', { field: 'labels' }), ConfigError],
    [new DataError('row 3 label "x" not in labels', { row: 3 }), DataError],
    [new TrainingDivergedError('loss NaN', { epoch: 1 }), TrainingDivergedError],
  ];
  for (const [err, Class] of cases) {
    const back = fromWireError(structuredClone(toWireError(err)));
    expect(back).toBeInstanceOf(Class);
    expect(back).toBeInstanceOf(DomainError);
    expect([back.name, back.message, (back as DomainError).details]).toEqual([
      err.name,
      err.message,
      (err as DomainError).details,
    ]);
    expect((back as DomainError).retryable).toBe(false);
    expect(back.stack).toBe(err.stack);
  }
  const zod = z.object({ n: z.number() }).safeParse({ n: 'x' }).error!;
  const zodBack = fromWireError(structuredClone(toWireError(zod)));
  expect(zodBack).toBeInstanceOf(ZodError);
  expect((zodBack as ZodError).issues).toEqual(zod.issues);
  const plain = fromWireError(
    structuredClone(toWireError(Object.assign(new Error('socket hang up'), { name: 'S3ServiceException' }))),
  );
  expect(plain).not.toBeInstanceOf(DomainError);
  expect([plain.name, plain.message]).toEqual(['S3ServiceException', 'socket hang up']);
});

test('errors thrown in the thread reject the call with their own class', async () => {
  const trainer = fakeTrainer(2);
  trainer.setup = async () => {
    throw new DataError('example 7 has label "maybe", not in labels', { row: 7 });
  };
  const { remote } = await connected(trainer);
  const err = await remote.setup().catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  expect((err as DataError).details).toEqual({ row: 7 });
});

test('connect rejects with a thread start failure, rebuilt', async () => {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const connecting = ThreadedTrainer.connect(
    { postMessage: (m) => port1.postMessage(m), on: (e, l) => port1.on(e, l) },
    { stopGraceMs: 1 },
  );
  port2.postMessage({ type: 'startFailed', error: toWireError(new ConfigError('labels must be unique')) });
  await expect(connecting).rejects.toEqual(new ConfigError('labels must be unique'));
  await expect(connecting).rejects.toBeInstanceOf(ConfigError);
});

test('a thread that exits rejects pending calls with why', async () => {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  let exit!: (e: Error) => void;
  const exited = new Promise<Error>((r) => (exit = r));
  const connecting = ThreadedTrainer.connect<FakeMetrics, EpochProgress>(
    { postMessage: (m) => port1.postMessage(m), on: (e, l) => port1.on(e, l) },
    { stopGraceMs: 1 },
    exited,
  );
  serveTrainer(
    port2,
    fakeTrainer(3, () => new Promise(() => undefined)),
  );
  const remote = await connecting;
  const run = remote.runEpoch(new AbortController().signal);
  exit(new Error('training thread exited (code 1)'));
  await expect(run).rejects.toThrow('training thread exited (code 1)');
  await expect(remote.save()).rejects.toThrow('training thread exited (code 1)');
});
