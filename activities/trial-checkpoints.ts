import type { Context } from '@temporalio/activity';
import type { EpochRecord, TrainingHeartbeat, TrainModelInput } from './contracts';
import type { ActivityDeps } from './deps';
import { putArtifact } from '../lib/artifacts/content-addressed';
import { compareCheckpointProgress, readCheckpointPointer, writeCheckpointPointer } from '../lib/artifacts/checkpoint-pointer';
import type { PartialEpoch } from '../lib/models/classifier-trainer';
import type { ArtifactRef } from '../lib/core/artifact-ref';

/** A resume point as heartbeats and the S3 pointer carry it. */
export interface ResumePoint {
  epoch: number;
  step?: number;
  checkpoint: ArtifactRef;
}

/**
 * The newest checkpoint under `prefix` (a trial's, or the pretrain step's): from
 * the last heartbeat the server received, or from the S3 pointer written with
 * every checkpoint (heartbeats are throttled, so the pointer can be ahead).
 */
export async function newestCheckpoint<H extends ResumePoint>(deps: ActivityDeps, prefix: string, fingerprint: string, heartbeat?: H): Promise<H | ResumePoint | undefined> {
  const pointer = await readCheckpointPointer(deps.store, prefix, fingerprint);
  if (pointer && (!heartbeat || compareCheckpointProgress(pointer, heartbeat) > 0)) {
    return { epoch: pointer.epoch, ...(pointer.step ? { step: pointer.step } : {}), checkpoint: pointer.checkpoint };
  }
  return heartbeat;
}

/** What `<trialPrefix>/learning-curve.json` holds: the trial's per-epoch metrics so far, rewritten after every epoch. */
export interface LearningCurveFile {
  trialId: string;
  params: TrainModelInput['params'];
  /** Epochs the trial is set to run. */
  epochs: number;
  history: readonly EpochRecord[];
}

/** Key of a trial's live learning curve (a small mutable JSON object, like the checkpoint pointer). */
export const learningCurveKey = (trialPrefix: string) => `${trialPrefix}/learning-curve.json`;

async function writeLearningCurve(store: ActivityDeps['store'], trialPrefix: string, curve: LearningCurveFile): Promise<void> {
  await store.put(learningCurveKey(trialPrefix), new TextEncoder().encode(JSON.stringify(curve)), { contentType: 'application/json' });
}

/** e.g. `trial-0003: epoch 2/5, val_macro_f1 0.8123, val loss 0.4410, 1830 samples/s` */
export function progressLine(input: Pick<TrainModelInput, 'trialId' | 'epochs' | 'objective'>, m: EpochRecord): string {
  const value = input.objective === 'val_accuracy' ? m.valAccuracy : m.valMacroF1;
  return `${input.trialId}: epoch ${m.epoch}/${input.epochs}, ${input.objective} ${value.toFixed(4)}, val loss ${m.valLoss.toFixed(4)}, ${Math.round(m.samplesPerSecond)} samples/s`;
}

/** e.g. `trial-0003: epoch 2/5, batch 40/120 checkpointed` */
export function stepProgressLine(input: Pick<TrainModelInput, 'trialId' | 'epochs'>, p: PartialEpoch, stepsPerEpoch: number): string {
  return `${input.trialId}: epoch ${p.epoch}/${input.epochs}, batch ${p.batchesDone}/${stepsPerEpoch} checkpointed`;
}

/**
 * When to checkpoint inside an epoch: every `checkpointEverySteps` batches,
 * and once `checkpointEveryMinutes` passed since the last checkpoint (never on
 * an epoch's last batch: the epoch-end checkpoint follows). Call `reset()`
 * after any other checkpoint. Where checkpoints fall never changes results.
 */
export function checkpointSchedule(input: { checkpointEverySteps?: number; checkpointEveryMinutes?: number }, stepsPerEpoch: number) {
  let lastAt = Date.now();
  const due = (batchesDone: number): boolean => {
    if (batchesDone >= stepsPerEpoch) return false;
    const bySteps = input.checkpointEverySteps !== undefined && batchesDone % input.checkpointEverySteps === 0;
    const byTime = input.checkpointEveryMinutes !== undefined && Date.now() - lastAt >= input.checkpointEveryMinutes * 60_000;
    if (bySteps || byTime) lastAt = Date.now();
    return bySteps || byTime;
  };
  return Object.assign(due, { reset: () => void (lastAt = Date.now()) });
}

/**
 * Writes one trial's checkpoints: the bytes as a content-addressed artifact,
 * then the S3 pointer, then a heartbeat with the resume point (in that order,
 * so whatever a retry finds names a checkpoint that exists). `last` is the
 * newest resume point, for the periodic heartbeat.
 */
export class TrialCheckpoints {
  last: TrainingHeartbeat | undefined;

  constructor(
    private readonly deps: ActivityDeps,
    private readonly ctx: Context,
    private readonly input: TrainModelInput,
    private readonly trialPrefix: string,
    private readonly fingerprint: string,
    resumedFrom: ResumePoint | undefined,
  ) {
    this.last = resumedFrom;
  }

  /** After a finished epoch; `history` is every epoch so far, written to the trial's learning-curve file. */
  async epochEnd(metrics: EpochRecord, bytes: Uint8Array, history: readonly EpochRecord[]): Promise<void> {
    const checkpoint = await this.write(metrics.epoch, undefined, bytes);
    await writeLearningCurve(this.deps.store, this.trialPrefix, { trialId: this.input.trialId, params: this.input.params, epochs: this.input.epochs, history });
    this.deps.metrics?.epochCompleted(this.ctx.info.taskQueue, metrics);
    this.beat({ epoch: metrics.epoch, checkpoint, metrics, progress: progressLine(this.input, metrics) });
  }

  /** Inside an epoch, at a batch boundary (periodic, or where a cancellation stopped it). */
  async midEpoch(progress: PartialEpoch, bytes: Uint8Array, stepsPerEpoch: number): Promise<void> {
    const checkpoint = await this.write(progress.epoch - 1, progress.batchesDone, bytes);
    this.beat({ epoch: progress.epoch - 1, step: progress.batchesDone, checkpoint, progress: stepProgressLine(this.input, progress, stepsPerEpoch) });
  }

  /** Whether `progress` is past the newest checkpoint (nothing to save otherwise). */
  isAhead(progress: PartialEpoch): boolean {
    return !this.last || compareCheckpointProgress({ epoch: progress.epoch - 1, step: progress.batchesDone }, this.last) > 0;
  }

  private async write(epoch: number, step: number | undefined, bytes: Uint8Array) {
    const checkpoint = await putArtifact(this.deps.store, { runPrefix: this.trialPrefix, kind: 'checkpoint', body: bytes, ext: 'ckpt' });
    await writeCheckpointPointer(this.deps.store, this.trialPrefix, { fingerprint: this.fingerprint, epoch, ...(step ? { step } : {}), checkpoint });
    this.deps.metrics?.checkpointWritten(this.ctx.info.taskQueue, checkpoint.bytes);
    return checkpoint;
  }

  private beat(heartbeat: TrainingHeartbeat): void {
    this.last = heartbeat;
    this.ctx.heartbeat(heartbeat);
  }
}
