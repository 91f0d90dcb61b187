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

/** Re-sends the newest resume point every `everyMs` from before setup to the end of training. */
export function heartbeatTicker<M, P extends EpochProgress>(
  ctx: Context,
  last: () => unknown,
  everyMs = HEARTBEAT_EVERY_MS,
): TrainingCallback<M, P> {
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    onSetupBegin: () => void (timer = setInterval(() => ctx.heartbeat(last()), everyMs)),
    onTrainEnd: () => clearInterval(timer),
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
