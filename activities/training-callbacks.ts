import type { Context } from '@temporalio/activity';
import type { ArtifactRef } from '../lib/core/artifact-ref';
import type { EpochProgress } from '../lib/models/training/epoch-ledger';
import type { EpochMetricsBase } from '../lib/models/training/epoch-metrics';
import type { TrainingCallback } from '../lib/models/training/training-loop';
import type { checkpointSchedule, CheckpointWriter } from './checkpoint-writer';

/**
 * The callbacks every training activity puts on the one epoch loop
 * (lib/models/training/training-loop.ts): heartbeats, checkpoints and logs.
 * An activity adds its own (learning curve, metrics) through `epochEnd`.
 */

/** Heartbeats at least this often while training runs, so a live worker is never timed out. */
export const HEARTBEAT_EVERY_MS = 5_000;

/**
 * How often a timer heartbeats: every {@link HEARTBEAT_EVERY_MS}, or three
 * times per heartbeat timeout when that is shorter, so two lost or throttled
 * beats never time a live attempt out.
 */
export function heartbeatEveryMs(heartbeatTimeoutMs: number | undefined): number {
  return heartbeatTimeoutMs ? Math.max(50, Math.min(HEARTBEAT_EVERY_MS, heartbeatTimeoutMs / 3)) : HEARTBEAT_EVERY_MS;
}

/**
 * Heartbeats `details()` on a timer until the returned function is called.
 * The timer runs on the activity's thread: it keeps beating only while that
 * thread is not blocked, which is why trainModel trains in a worker thread.
 */
export function startHeartbeats(ctx: Context, details: () => unknown): () => void {
  const timer = setInterval(() => ctx.heartbeat(details()), heartbeatEveryMs(ctx.info.heartbeatTimeoutMs));
  return () => clearInterval(timer);
}

/** Re-sends the newest resume point on a timer ({@link startHeartbeats}) from before setup to the end of training. */
export function heartbeatTicker<M, P extends EpochProgress>(ctx: Context, last: () => unknown): TrainingCallback<M, P> {
  let stop: (() => void) | undefined;
  return {
    onSetupBegin: () => void (stop = startHeartbeats(ctx, last)),
    onTrainEnd: () => stop?.(),
  };
}

/** What an activity does at each epoch end besides the checkpoint: the heartbeat's progress line and work between pointer and heartbeat. */
export interface EpochEndWork<M> {
  progress(metrics: M): string;
  /** Runs after the checkpoint and its pointer are written, before the heartbeat (learning curve, metrics). */
  beforeBeat?(metrics: M): void | Promise<void>;
  /** Told the epoch-end checkpoint's ref. */
  saved?(ref: ArtifactRef): void;
}

/**
 * Checkpoints through `checkpoints`: inside epochs when `due` says so, at every
 * epoch end (then `due` restarts), and where a cancelled epoch stopped.
 */
export function checkpointing<M extends EpochMetricsBase, P extends EpochProgress>(
  checkpoints: CheckpointWriter<M>,
  due: ReturnType<typeof checkpointSchedule>,
  work: EpochEndWork<M>,
): TrainingCallback<M, P> {
  return {
    onBatchEnd: async (progress, checkpoint) => {
      if (due(progress.batchesDone)) await checkpoints.midEpoch(progress, await checkpoint());
    },
    onAbort: (_err, trainer) => checkpoints.saveWhereAborted(trainer),
    onEpochEnd: async (metrics, trainer) => {
      const ref = await checkpoints.epochEnd(
        metrics.epoch,
        await trainer.save(),
        metrics,
        work.progress(metrics),
        work.beforeBeat && (() => work.beforeBeat!(metrics)),
      );
      due.reset();
      work.saved?.(ref);
    },
  };
}

/** Log messages of {@link epochLogging}; tests and the chaos suite read them from worker logs, so they are durable. */
export interface EpochLogMessages {
  resumed: string;
  epochDone: string;
}

/** Logs a resumed start and every finished epoch, with `fields` (e.g. the trial id). */
export function epochLogging<M extends EpochMetricsBase, P extends EpochProgress>(
  ctx: Context,
  messages: EpochLogMessages,
  fields: Record<string, unknown> = {},
): TrainingCallback<M, P> {
  return {
    onTrainBegin: ({ epoch, step }) => {
      if (epoch > 0 || step > 0) ctx.log.info(messages.resumed, { ...fields, epoch, step });
    },
    onEpochEnd: (metrics) => ctx.log.info(messages.epochDone, { ...fields, ...metrics }),
  };
}
