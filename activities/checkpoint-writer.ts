import type { Context } from '@temporalio/activity';
import type { ClassifierEpochMetrics, TrainModelInput } from './contracts';
import type { ActivityDeps } from './deps';
import { putArtifact } from '../lib/artifacts/content-addressed';
import {
  compareCheckpointProgress,
  readCheckpointPointer,
  writeCheckpointPointer,
} from '../lib/artifacts/checkpoint-pointer';
import type { ArtifactRef } from '../lib/core/artifact-ref';
import type { EpochProgress } from '../lib/models/training/epoch-ledger';
import {
  learningCurveKey,
  writeLearningCurveRecord,
  type LearningCurveRecord,
} from '../lib/models/training/learning-curve-record';
import type { OnExisting } from '../lib/registry/on-existing';

/**
 * Checkpoint plumbing shared by the training activities (trainModel and the
 * pretrain step): where to resume, when to checkpoint inside an epoch, and
 * writing a checkpoint so that a retry always finds one that exists.
 */

/** A resume point as heartbeats and the S3 pointer carry it. */
export interface ResumePoint {
  /** Epochs completed. */
  epoch: number;
  /** Batches of epoch `epoch + 1` done, for a mid-epoch checkpoint; absent at an epoch boundary. */
  step?: number;
  checkpoint: ArtifactRef;
}

/** What the activities heartbeat: a resume point, with the epoch's metrics and a line for the Web UI. */
export type CheckpointHeartbeat<M> = ResumePoint & { metrics?: M; progress?: string };

/**
 * The newest checkpoint under `prefix` (a trial's, or the pretrain step's): from
 * the last heartbeat the server received, or from the S3 pointer written with
 * every checkpoint (heartbeats are throttled, so the pointer can be ahead).
 */
export async function newestCheckpoint<H extends ResumePoint>(
  deps: ActivityDeps,
  prefix: string,
  fingerprint: string,
  heartbeat?: H,
): Promise<H | ResumePoint | undefined> {
  const pointer = await readCheckpointPointer(deps.store, prefix, fingerprint);
  if (pointer && (!heartbeat || compareCheckpointProgress(pointer, heartbeat) > 0)) {
    return { epoch: pointer.epoch, ...(pointer.step ? { step: pointer.step } : {}), checkpoint: pointer.checkpoint };
  }
  return heartbeat;
}

/**
 * When to checkpoint inside an epoch: every `checkpointEverySteps` batches,
 * and once `checkpointEveryMinutes` passed since the last checkpoint (never on
 * an epoch's last batch: the epoch-end checkpoint follows). Call `reset()`
 * after any other checkpoint. Where checkpoints fall never changes results.
 */
export function checkpointSchedule(
  input: { checkpointEverySteps?: number; checkpointEveryMinutes?: number },
  stepsPerEpoch: number,
) {
  let lastAt = Date.now();
  const due = (batchesDone: number): boolean => {
    if (batchesDone >= stepsPerEpoch) return false;
    const bySteps = input.checkpointEverySteps !== undefined && batchesDone % input.checkpointEverySteps === 0;
    const byTime =
      input.checkpointEveryMinutes !== undefined && Date.now() - lastAt >= input.checkpointEveryMinutes * 60_000;
    if (bySteps || byTime) lastAt = Date.now();
    return bySteps || byTime;
  };
  return Object.assign(due, { reset: () => void (lastAt = Date.now()) });
}

/**
 * Writes one training run's checkpoints under `prefix`: the bytes as a
 * content-addressed artifact, then the S3 pointer, then a heartbeat with the
 * resume point (in that order, so whatever a retry finds names a checkpoint
 * that exists). `last` is the newest resume point, for the periodic heartbeat.
 */
export class CheckpointWriter<M> {
  last: CheckpointHeartbeat<M> | undefined;

  /**
   * @param stepLine the heartbeat's progress line for a mid-epoch checkpoint
   * @param onWritten told the bytes of every checkpoint written (metrics)
   */
  constructor(
    private readonly deps: ActivityDeps,
    private readonly ctx: Context,
    private readonly prefix: string,
    private readonly fingerprint: string,
    resumedFrom: ResumePoint | undefined,
    private readonly stepLine: (progress: EpochProgress) => string,
    private readonly onWritten: (bytes: number) => void = () => undefined,
  ) {
    this.last = resumedFrom;
  }

  /** After finished epoch `epoch`; `beforeBeat` runs between the pointer and the heartbeat (extra files, metrics). */
  async epochEnd(
    epoch: number,
    bytes: Uint8Array,
    metrics: M,
    progress: string,
    beforeBeat?: () => void | Promise<void>,
  ): Promise<ArtifactRef> {
    const checkpoint = await this.write(epoch, undefined, bytes);
    await beforeBeat?.();
    this.beat({ epoch, checkpoint, metrics, progress });
    return checkpoint;
  }

  /** Inside an epoch, at a batch boundary (periodic, or where a cancellation stopped it). */
  async midEpoch(progress: EpochProgress, bytes: Uint8Array): Promise<void> {
    const checkpoint = await this.write(progress.epoch - 1, progress.batchesDone, bytes);
    this.beat({ epoch: progress.epoch - 1, step: progress.batchesDone, checkpoint, progress: this.stepLine(progress) });
  }

  /**
   * Cancellation stops an epoch between batches (worker shutdown, sweep stop):
   * save that boundary when it is past the newest checkpoint, so a retry loses
   * nothing. Best effort: a failed save leaves the previous checkpoint as the
   * resume point.
   */
  async saveWhereAborted(trainer: {
    readonly abortedAt: EpochProgress | null;
    save(): Promise<Uint8Array>;
  }): Promise<void> {
    const at = trainer.abortedAt;
    if (!at || (this.last && compareCheckpointProgress({ epoch: at.epoch - 1, step: at.batchesDone }, this.last) <= 0))
      return;
    try {
      await this.midEpoch(at, await trainer.save());
      this.ctx.log.info('Saved a checkpoint where the attempt was cancelled', {
        prefix: this.prefix,
        epoch: at.epoch,
        batchesDone: at.batchesDone,
      });
    } catch (err) {
      this.ctx.log.warn('Could not save a checkpoint on cancellation; the retry resumes from the previous one', {
        prefix: this.prefix,
        error: (err as Error).message,
      });
    }
  }

  private async write(epoch: number, step: number | undefined, bytes: Uint8Array): Promise<ArtifactRef> {
    const checkpoint = await putArtifact(this.deps.store, {
      runPrefix: this.prefix,
      kind: 'checkpoint',
      body: bytes,
      ext: 'ckpt',
    });
    await writeCheckpointPointer(this.deps.store, this.prefix, {
      fingerprint: this.fingerprint,
      epoch,
      ...(step ? { step } : {}),
      checkpoint,
    });
    this.onWritten(checkpoint.bytes);
    return checkpoint;
  }

  private beat(heartbeat: CheckpointHeartbeat<M>): void {
    this.last = heartbeat;
    this.ctx.heartbeat(heartbeat);
  }
}

/** What `<trialPrefix>/learning-curve.json` holds: the trial's per-epoch metrics so far, extended after every epoch. */
export type LearningCurveFile = LearningCurveRecord<TrainModelInput['params'], ClassifierEpochMetrics>;

export { learningCurveKey };

/** Writes a trial's learning curve, append-only (see writeLearningCurveRecord: a different curve is refused or versioned). */
export async function writeLearningCurve(
  store: ActivityDeps['store'],
  trialPrefix: string,
  curve: LearningCurveFile,
  onExisting?: OnExisting,
): Promise<void> {
  await writeLearningCurveRecord(store, trialPrefix, curve, onExisting);
}
