import type { MessagePort } from 'node:worker_threads';
import type { EpochProgress } from '../epoch-ledger';
import type { EpochTrainer } from '../training-loop';
import { toWireError, type FromThread, type ToThread, type TrainerOp, type TrainerState } from './trainer-protocol';

/** What a thread can serve: an epoch trainer with a history; other methods are reachable through `call`. */
export interface ServableTrainer<M, P extends EpochProgress> extends EpochTrainer<M, P> {
  readonly history: M[];
  close?(): void;
}

/** The part of a MessagePort (or `parentPort`) the protocol uses. */
export type TrainerPort = Pick<MessagePort, 'postMessage' | 'on' | 'off'>;

/** Thrown inside the thread's epoch when a main-side batch hook failed; the main side rethrows its own error. */
class BatchHookFailed extends Error {
  override name = 'BatchHookFailed';
}

/**
 * Serves `trainer` over `port` (trainer-protocol.ts) until the port closes:
 * runs each request on the trainer, answers it with its result or error and
 * the trainer's state, posts `batch` at every batch boundary of a running
 * epoch and waits there for `batchDone`, and aborts the epoch on `abort`
 * (the trainer then stops at its next boundary, as with an in-process signal).
 * Posts `ready` first. Transfers nothing: checkpoint bytes are copied.
 */
export function serveTrainer<M, P extends EpochProgress>(port: TrainerPort, trainer: ServableTrainer<M, P>): void {
  let controller = new AbortController();
  /** While the epoch waits at a boundary: its checkpoint() and the resolver of the wait. */
  let boundary: { checkpoint: () => Promise<Uint8Array>; done: (failed: boolean) => void } | undefined;
  const state = (): TrainerState<M, P> => ({
    epochsDone: trainer.epochsDone,
    stoppedEarly: trainer.stoppedEarly ?? false,
    abortedAt: trainer.abortedAt,
    history: trainer.history,
  });
  const post = (msg: FromThread<M, P>) => port.postMessage(msg);

  const afterBatch = (progress: P, checkpoint: () => Promise<Uint8Array>) =>
    new Promise<void>((resolve, reject) => {
      boundary = {
        checkpoint,
        done: (failed) => (failed ? reject(new BatchHookFailed('a batch hook failed')) : resolve()),
      };
      post({ type: 'batch', progress, state: state() });
    });

  async function run(req: TrainerOp): Promise<unknown> {
    switch (req.op) {
      case 'setup':
        return trainer.setup(req.from);
      case 'runEpoch':
        controller = new AbortController();
        if (req.aborted) controller.abort(new Error('aborted'));
        return trainer.runEpoch(controller.signal, afterBatch);
      case 'save':
        return trainer.save();
      case 'checkpoint':
        if (!boundary) throw new Error('checkpoint requested outside a batch boundary');
        return boundary.checkpoint();
      case 'call': {
        const fn = (trainer as unknown as Record<string, unknown>)[req.method];
        if (typeof fn !== 'function') throw new Error(`trainer has no method '${req.method}'`);
        return (fn as (...a: unknown[]) => unknown).apply(trainer, req.args);
      }
    }
  }

  port.on('message', (msg: ToThread) => {
    if (msg.type === 'abort') return void controller.abort(new Error('aborted'));
    if (msg.type === 'batchDone') {
      const b = boundary;
      boundary = undefined;
      return b?.done(msg.failed);
    }
    run(msg).then(
      (value) => post({ type: 'result', id: msg.id, value, state: state() }),
      (err: unknown) =>
        post({
          type: 'error',
          id: msg.id,
          error: toWireError(err),
          aborted: controller.signal.aborted && err === controller.signal.reason,
          state: state(),
        }),
    );
  });
  post({ type: 'ready', state: state() });
}
