/**
 * Progress of long pure computations, without making lib/ impure.
 *
 * A long computation is written once as a generator of {@link Steps} that
 * yields a {@link ProgressDetail} after each chunk of work. {@link runSteps}
 * drives it synchronously (the plain functions keep their signatures);
 * {@link runStepsAsync} awaits a macrotask between chunks and calls the
 * caller's `onProgress`, so an activity can heartbeat and observe cancellation
 * (by throwing from `onProgress`) while the work runs.
 */

/** Where a chunked computation is. */
export interface ProgressDetail {
  stage: string;
  done: number;
  total: number;
}

/** A chunked computation returning R. */
export type Steps<R> = Generator<ProgressDetail, R, void>;

/** The caller's side: called between chunks; throwing from it stops the computation. */
export interface ProgressPort {
  onProgress?: (detail: ProgressDetail) => void | Promise<void>;
}

/** Items per chunk when a computation is not told otherwise. */
export const DEFAULT_YIELD_EVERY = 64;

/** Runs a chunked computation to the end, synchronously. */
export function runSteps<R>(steps: Steps<R>): R {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs a chunked computation, yielding to the event loop and reporting progress between chunks. */
export async function runStepsAsync<R>(steps: Steps<R>, port: ProgressPort = {}): Promise<R> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await port.onProgress?.(r.value);
    await macrotask();
  }
}

/** Yields progress after every `every` items of a loop (and never for an empty one). */
export function shouldYield(done: number, total: number, every: number): boolean {
  return done > 0 && (done % every === 0 || done === total);
}
