import type { EpochProgress } from './epoch-ledger';

/**
 * The one epoch loop every trainer runs under, after Hugging Face's
 * `Trainer` + `TrainerCallback`: the driver owns the order of events, and
 * everything a run does besides training (checkpoints, heartbeats, learning
 * curves, metrics, logs) is a callback on it, so a new model family plugs in
 * by implementing {@link EpochTrainer} and never copies the loop.
 */

/** Called at batch boundaries inside an epoch; `checkpoint()` serialises the state at that boundary. */
export type AfterBatch<P extends EpochProgress = EpochProgress> = (
  progress: P,
  checkpoint: () => Promise<Uint8Array>,
) => Promise<void>;

/**
 * What the loop drives: a trainer that trains one epoch per `runEpoch` call and
 * resumes exactly from the bytes `save()` returns (also mid-epoch).
 * `runEpoch` checks `signal` between batches and throws its reason when aborted,
 * leaving `abortedAt` at the last batch boundary (null when it failed otherwise).
 */
export interface EpochTrainer<M, P extends EpochProgress = EpochProgress> {
  readonly epochsDone: number;
  /** True once the trainer decided to stop before its epoch budget (early stopping). */
  readonly stoppedEarly?: boolean;
  readonly abortedAt: P | null;
  setup(from?: Uint8Array): Promise<void>;
  runEpoch(signal: AbortSignal, afterBatch?: AfterBatch<P>): Promise<M>;
  save(): Promise<Uint8Array>;
}

/**
 * Hooks of one training run. Each is optional; they run in the order the
 * callbacks were given. A hook that throws fails the run (after `onAbort`
 * when it was an epoch that threw).
 */
export interface TrainingCallback<M, P extends EpochProgress = EpochProgress> {
  /** First, before `setup` (which may read a large checkpoint): start heartbeats here. */
  onSetupBegin?(): void;
  /** After `setup`, before the first epoch; `resumed` says where a restored trainer starts. */
  onTrainBegin?(resumed: { epoch: number; step: number }): void | Promise<void>;
  /** At batch boundaries inside an epoch (the trainer decides how often). */
  onBatchEnd?: AfterBatch<P>;
  /** After epoch `metrics` finished, with the trainer's state at that epoch end. */
  onEpochEnd?(metrics: M, trainer: EpochTrainer<M, P>): void | Promise<void>;
  /** An epoch threw `err` (cancellation, divergence, storage): last chance to save where it stopped. */
  onAbort?(err: unknown, trainer: EpochTrainer<M, P>): void | Promise<void>;
  /** Always, last: release timers and resources. */
  onTrainEnd?(): void;
}

export interface TrainingLoopOptions {
  /** Epoch budget: the loop ends when `epochsDone` reaches it or the trainer stops early. */
  epochs: number;
  signal: AbortSignal;
  /** Reads the checkpoint to restore before training (resume of a retried attempt); called after `onSetupBegin`. */
  load?: () => Promise<Uint8Array | undefined>;
  /** Batches of the next epoch a restored checkpoint had done (0 at an epoch boundary); reported to `onTrainBegin`. */
  fromStep?: number;
}

/**
 * Runs `trainer` to its epoch budget under `callbacks`.
 * @returns the epoch the trainer resumed from (0 for a fresh start)
 * @throws whatever an epoch or a callback threw, after `onAbort` (epochs) and `onTrainEnd`
 */
export async function runTrainingLoop<M, P extends EpochProgress>(
  trainer: EpochTrainer<M, P>,
  options: TrainingLoopOptions,
  callbacks: readonly TrainingCallback<M, P>[],
): Promise<{ resumedFromEpoch: number }> {
  try {
    for (const cb of callbacks) cb.onSetupBegin?.();
    await trainer.setup(await options.load?.());
    const resumedFromEpoch = trainer.epochsDone;
    for (const cb of callbacks) await cb.onTrainBegin?.({ epoch: resumedFromEpoch, step: options.fromStep ?? 0 });
    const batchHooks = callbacks.flatMap((cb) => (cb.onBatchEnd ? [cb.onBatchEnd] : []));
    const afterBatch: AfterBatch<P> | undefined = batchHooks.length
      ? async (progress, checkpoint) => {
          for (const hook of batchHooks) await hook(progress, checkpoint);
        }
      : undefined;
    while (trainer.epochsDone < options.epochs && !trainer.stoppedEarly) {
      let metrics: M;
      try {
        metrics = await trainer.runEpoch(options.signal, afterBatch);
      } catch (err) {
        for (const cb of callbacks) await cb.onAbort?.(err, trainer);
        throw err;
      }
      for (const cb of callbacks) await cb.onEpochEnd?.(metrics, trainer);
    }
    return { resumedFromEpoch };
  } finally {
    for (const cb of callbacks) cb.onTrainEnd?.();
  }
}
