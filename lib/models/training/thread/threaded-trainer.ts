import type { EpochProgress } from '../epoch-ledger';
import type { AfterBatch } from '../training-loop';
import type { ServableTrainer } from './serve-trainer';
import { fromWireError, type FromThread, type ToThread, type TrainerOp, type TrainerState } from './trainer-protocol';

/** The main side's end of a trainer thread: a Worker, or one port of a MessageChannel in tests. */
export interface TrainerChannel {
  postMessage(msg: ToThread): void;
  on(event: 'message', listener: (msg: FromThread) => void): unknown;
  /** Ends the thread at once (Worker.terminate); absent for an in-process channel. */
  terminate?(): Promise<unknown>;
}

export interface ThreadedTrainerOptions {
  /**
   * After the epoch's signal aborts, how long the thread may take to stop at its
   * next batch boundary before it is terminated (its current batch is then
   * lost; the caller resumes from its last checkpoint).
   */
  stopGraceMs: number;
  /** Told when an unresponsive thread was terminated (for the log). */
  onTerminated?: (info: { graceMs: number }) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/** The running epoch: its hooks, its signal, and a hook's error to rethrow in place of the thread's. */
interface OpenEpoch<P extends EpochProgress> {
  afterBatch?: AfterBatch<P>;
  signal: AbortSignal;
  hookError?: unknown;
}

/**
 * An {@link ServableTrainer} whose work runs in another thread (serve-trainer.ts
 * there, trainer-protocol.ts between): every method is a request, so the
 * calling thread's event loop, and with it its heartbeat timers, keeps running
 * however long a batch blocks the training thread.
 *
 * Contract, the same as the trainer's in-process:
 * - `runEpoch(signal, afterBatch)` calls `afterBatch` at every batch boundary
 *   and the thread waits there until it settled; its `checkpoint()` returns the
 *   thread's checkpoint bytes of that boundary. A hook that throws fails the
 *   epoch with that very error.
 * - When `signal` aborts, the thread stops at its next boundary and `runEpoch`
 *   rejects with `signal.reason`, `abortedAt` then set as in-process; if the
 *   thread is not back within `stopGraceMs` it is terminated, `runEpoch`
 *   rejects with `signal.reason` and `abortedAt` is null (nothing to save).
 * - Errors thrown in the thread arrive with their class (domain errors, ZodError),
 *   message and details (trainer-protocol.ts); a thread that dies rejects every
 *   pending call with an Error naming why, which callers treat as retryable.
 * - The getters reflect the state after the last answer from the thread.
 */
export class ThreadedTrainer<M, P extends EpochProgress = EpochProgress> implements ServableTrainer<M, P> {
  private state: TrainerState<M, P>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private epoch: OpenEpoch<P> | undefined;
  private gone: Error | undefined;

  private constructor(
    private readonly channel: TrainerChannel,
    private readonly options: ThreadedTrainerOptions,
    ready: TrainerState<M, P>,
  ) {
    this.state = ready;
    channel.on('message', (msg) => this.receive(msg as FromThread<M, P>));
  }

  /**
   * Waits for the thread at the other end of `channel` to post `ready` (its
   * trainer created); rejects with the thread's start error, rebuilt.
   * `exited` settles when the thread ends, and fails every pending call then.
   */
  static connect<M, P extends EpochProgress>(
    channel: TrainerChannel,
    options: ThreadedTrainerOptions,
    exited?: Promise<Error>,
  ): Promise<ThreadedTrainer<M, P>> {
    return new Promise((resolve, reject) => {
      let started: ThreadedTrainer<M, P> | undefined;
      const onFirst = (msg: FromThread) => {
        if (started) return;
        if (msg.type === 'startFailed') return reject(fromWireError(msg.error));
        if (msg.type !== 'ready') return reject(new Error(`training thread sent '${msg.type}' before 'ready'`));
        started = new ThreadedTrainer<M, P>(channel, options, msg.state as TrainerState<M, P>);
        resolve(started);
      };
      channel.on('message', onFirst);
      void exited?.then((err) => (started ? started.fail(err) : reject(err)));
    });
  }

  get epochsDone(): number {
    return this.state.epochsDone;
  }
  get stoppedEarly(): boolean {
    return this.state.stoppedEarly;
  }
  get abortedAt(): P | null {
    return this.state.abortedAt;
  }
  get history(): M[] {
    return this.state.history;
  }

  async setup(from?: Uint8Array): Promise<void> {
    await this.request({ op: 'setup', ...(from ? { from } : {}) });
  }

  async runEpoch(signal: AbortSignal, afterBatch?: AfterBatch<P>): Promise<M> {
    const epoch: OpenEpoch<P> = { afterBatch, signal };
    this.epoch = epoch;
    let grace: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      this.post({ type: 'abort' });
      grace = setTimeout(() => this.stopUnresponsive(signal.reason), this.options.stopGraceMs);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      return (await this.request({ op: 'runEpoch', aborted: signal.aborted })) as M;
    } finally {
      signal.removeEventListener('abort', onAbort);
      clearTimeout(grace);
      this.epoch = undefined;
    }
  }

  async save(): Promise<Uint8Array> {
    return (await this.request({ op: 'save' })) as Uint8Array;
  }

  /** Runs the thread trainer's method `method` (e.g. predict) with structured-cloneable `args` and result. */
  async call<R>(method: string, ...args: unknown[]): Promise<R> {
    return (await this.request({ op: 'call', method, args })) as R;
  }

  /**
   * Closes the thread's trainer (best effort: disposes its tensors) and ends
   * the thread; idempotent. Does not wait for the thread to be gone: a thread
   * stuck inside one native op ends only when that op returns.
   */
  async close(): Promise<void> {
    if (!this.gone) await this.call('close').catch(() => undefined);
    this.fail(new Error('training thread closed'));
    void this.channel.terminate?.().catch(() => undefined);
  }

  /** Rejects every pending call with `err` (the thread exited, was terminated or closed); later calls too. */
  fail(err: Error): void {
    this.gone ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private stopUnresponsive(reason: unknown): void {
    if (this.gone) return;
    this.state = { ...this.state, abortedAt: null };
    this.options.onTerminated?.({ graceMs: this.options.stopGraceMs });
    const err = reason instanceof Error ? reason : new Error('training thread terminated after a stop request');
    this.fail(err);
    void this.channel.terminate?.().catch(() => undefined);
  }

  private request(op: TrainerOp): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: 'request', id, ...op });
    });
  }

  private post(msg: ToThread): void {
    if (!this.gone) this.channel.postMessage(msg);
  }

  private receive(msg: FromThread<M, P>): void {
    if (this.gone) return;
    if ('state' in msg) this.state = msg.state;
    if (msg.type === 'batch') return void this.runBatchHooks(msg.progress);
    if (msg.type !== 'result' && msg.type !== 'error') return;
    const p = this.pending.get(msg.id);
    this.pending.delete(msg.id);
    if (msg.type === 'result') return p?.resolve(msg.value);
    p?.reject(this.errorOf(msg));
  }

  /** The error a failed request rejects with: the caller's own abort reason or hook error where that caused it. */
  private errorOf(msg: Extract<FromThread<M, P>, { type: 'error' }>): unknown {
    if (msg.aborted && this.epoch) return this.epoch.signal.reason;
    if (msg.error.name === 'BatchHookFailed' && this.epoch && 'hookError' in this.epoch) return this.epoch.hookError;
    return fromWireError(msg.error);
  }

  private async runBatchHooks(progress: P): Promise<void> {
    const epoch = this.epoch;
    try {
      await epoch?.afterBatch?.(progress, () => this.request({ op: 'checkpoint' }) as Promise<Uint8Array>);
      this.post({ type: 'batchDone', failed: false });
    } catch (err) {
      if (epoch) epoch.hookError = err;
      this.post({ type: 'batchDone', failed: true });
    }
  }
}
