import {
  runTrainingLoop,
  type EpochTrainer,
  type TrainingCallback,
} from '../../../../lib/models/training/training-loop';
import type { EpochProgress } from '../../../../lib/models/training/epoch-ledger';

interface M {
  epoch: number;
}

/** A trainer of `batches` batches an epoch that records what happened; `failAt` throws in that epoch's 2nd batch. */
function fakeTrainer(opts: { startAt?: number; batches?: number; failAt?: number; stopAfter?: number } = {}) {
  const events: string[] = [];
  let done = 0;
  let aborted: EpochProgress | null = null;
  const trainer: EpochTrainer<M> & { events: string[] } = {
    events,
    get epochsDone() {
      return done;
    },
    get stoppedEarly() {
      return opts.stopAfter !== undefined && done >= opts.stopAfter;
    },
    get abortedAt() {
      return aborted;
    },
    async setup(from) {
      events.push(`setup:${from ? new TextDecoder().decode(from) : '-'}`);
      done = opts.startAt ?? 0;
    },
    async runEpoch(signal, afterBatch) {
      const epoch = done + 1;
      for (let b = 1; b <= (opts.batches ?? 2); b++) {
        if (opts.failAt === epoch && b === 2) {
          aborted = { epoch, batchesDone: 1 };
          throw new Error('boom');
        }
        await afterBatch?.({ epoch, batchesDone: b }, async () => new Uint8Array([epoch, b]));
      }
      void signal;
      done = epoch;
      return { epoch };
    },
    async save() {
      return new Uint8Array([done]);
    },
  };
  return trainer;
}

function recorder(name: string, log: string[]): TrainingCallback<M> {
  return {
    onSetupBegin: () => log.push(`${name}.setupBegin`),
    onTrainBegin: (r) => void log.push(`${name}.begin:${r.epoch}/${r.step}`),
    onBatchEnd: async (p) => void log.push(`${name}.batch:${p.epoch}.${p.batchesDone}`),
    onEpochEnd: (m) => void log.push(`${name}.epoch:${m.epoch}`),
    onAbort: (err) => void log.push(`${name}.abort:${(err as Error).message}`),
    onTrainEnd: () => log.push(`${name}.end`),
  };
}

const signal = new AbortController().signal;

describe('runTrainingLoop', () => {
  test('runs every hook in order, callbacks in the order given, up to the epoch budget', async () => {
    const log: string[] = [];
    const trainer = fakeTrainer({ batches: 1 });
    const out = await runTrainingLoop(trainer, { epochs: 2, signal }, [recorder('a', log), recorder('b', log)]);
    expect(out).toEqual({ resumedFromEpoch: 0 });
    expect(log).toEqual([
      'a.setupBegin',
      'b.setupBegin',
      'a.begin:0/0',
      'b.begin:0/0',
      'a.batch:1.1',
      'b.batch:1.1',
      'a.epoch:1',
      'b.epoch:1',
      'a.batch:2.1',
      'b.batch:2.1',
      'a.epoch:2',
      'b.epoch:2',
      'a.end',
      'b.end',
    ]);
  });

  test('loads the checkpoint after onSetupBegin and reports where a restored trainer resumes', async () => {
    const log: string[] = [];
    const trainer = fakeTrainer({ startAt: 2, batches: 1 });
    const load = jest.fn(async () => {
      log.push('load');
      return new TextEncoder().encode('ckpt');
    });
    const out = await runTrainingLoop(trainer, { epochs: 3, signal, load, fromStep: 5 }, [recorder('a', log)]);
    expect(out.resumedFromEpoch).toBe(2);
    expect(trainer.events[0]).toBe('setup:ckpt');
    expect(log.slice(0, 3)).toEqual(['a.setupBegin', 'load', 'a.begin:2/5']);
    expect(log.filter((l) => l.startsWith('a.epoch'))).toEqual(['a.epoch:3']);
  });

  test('an epoch that throws calls onAbort with the error, then onTrainEnd, and rethrows', async () => {
    const log: string[] = [];
    const trainer = fakeTrainer({ failAt: 2 });
    const seenAbortedAt: unknown[] = [];
    const saver: TrainingCallback<M> = { onAbort: (_e, t) => void seenAbortedAt.push(t.abortedAt) };
    await expect(runTrainingLoop(trainer, { epochs: 3, signal }, [recorder('a', log), saver])).rejects.toThrow('boom');
    expect(log.slice(-2)).toEqual(['a.abort:boom', 'a.end']);
    expect(log).not.toContain('a.epoch:2');
    expect(seenAbortedAt).toEqual([{ epoch: 2, batchesDone: 1 }]);
  });

  test('early stopping ends the loop before the budget', async () => {
    const log: string[] = [];
    await runTrainingLoop(fakeTrainer({ stopAfter: 1, batches: 1 }), { epochs: 5, signal }, [recorder('a', log)]);
    expect(log.filter((l) => l.startsWith('a.epoch'))).toEqual(['a.epoch:1']);
  });

  test('a failing callback fails the run and still ends it; setup failures end it too', async () => {
    const log: string[] = [];
    const bad: TrainingCallback<M> = {
      onEpochEnd: () => {
        throw new Error('S3 down');
      },
    };
    await expect(
      runTrainingLoop(fakeTrainer({ batches: 1 }), { epochs: 2, signal }, [bad, recorder('a', log)]),
    ).rejects.toThrow('S3 down');
    expect(log.at(-1)).toBe('a.end');
    const failing = fakeTrainer();
    failing.setup = async () => {
      throw new Error('corrupt checkpoint');
    };
    const log2: string[] = [];
    await expect(runTrainingLoop(failing, { epochs: 1, signal }, [recorder('a', log2)])).rejects.toThrow(
      'corrupt checkpoint',
    );
    expect(log2).toEqual(['a.setupBegin', 'a.end']);
  });

  test('without batch hooks the trainer gets no afterBatch', async () => {
    const trainer = fakeTrainer();
    const spy = jest.spyOn(trainer, 'runEpoch');
    await runTrainingLoop(trainer, { epochs: 1, signal }, [{ onEpochEnd: () => undefined }]);
    expect(spy.mock.calls[0][1]).toBeUndefined();
  });
});
