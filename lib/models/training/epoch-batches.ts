import { createRng, shuffled } from '../../core/rng';

/** Yields to the event loop so timers (heartbeats, cancellation) run between batches. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Throws the signal's reason (or an Error 'aborted') once `signal` is aborted. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason ?? new Error('aborted');
}

/** Where one epoch's batches come from; see {@link forEachSeededBatch}. */
export interface SeededBatchPlan {
  /** Rows of the training set (row ids 0..rows-1). */
  rows: number;
  batchSize: number;
  seed: number;
  /** 1-based epoch; forks the seed, so every epoch has its own order. */
  epoch: number;
  /** Batches of this epoch already trained (a mid-epoch resume): they are skipped. Default 0. */
  startBatch?: number;
  signal?: AbortSignal;
}

/**
 * Runs `step` on each batch of one epoch, in order: the row ids shuffled by
 * `createRng(seed).fork(epoch)` (the only random draw), cut into `batchSize`
 * slices (the last may be shorter), from batch `startBatch` on. Before each
 * batch it throws if `signal` is aborted; after each it yields to the event
 * loop. A pure function of the plan, so a resumed run (also one resumed
 * mid-epoch) sees exactly the batches of the uninterrupted one.
 */
export async function forEachSeededBatch(
  plan: SeededBatchPlan,
  step: (rows: number[], batchIndex: number) => void | Promise<void>,
): Promise<void> {
  const order = shuffled(
    Array.from({ length: plan.rows }, (_, i) => i),
    createRng(plan.seed).fork(plan.epoch),
  );
  const first = plan.startBatch ?? 0;
  for (let start = first * plan.batchSize, b = first; start < order.length; start += plan.batchSize, b++) {
    throwIfAborted(plan.signal);
    await step(order.slice(start, start + plan.batchSize), b);
    await yieldToEventLoop();
  }
}
