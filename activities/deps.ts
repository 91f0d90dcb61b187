import type { ArtifactStore } from '../lib/artifacts/artifact-store';
import type { SelectedBackend } from '../lib/models/runtime/backend-requirement';

/** How one training activity attempt ended, as counted by {@link TrainingMetrics}. */
export type AttemptOutcome = 'completed' | 'failed' | 'cancelled';

/**
 * Metrics port of the training activities. The worker implements it (with
 * prom-client, see workers/metrics.ts); activities only call it, so they stay
 * free of metrics libraries and testable without one. Every method is
 * fire-and-forget and must never throw.
 */
export interface TrainingMetrics {
  /**
   * A trainModel activity attempt started. Counted per attempt, not per
   * trial: a retry after a crash starts again (and usually resumes).
   */
  attemptStarted(taskQueue: string): void;
  /** The attempt continues from a checkpoint written by an earlier one. */
  attemptResumed(taskQueue: string, fromEpoch: number): void;
  attemptFinished(taskQueue: string, outcome: AttemptOutcome): void;
  epochCompleted(taskQueue: string, epoch: { seconds: number; samplesPerSecond: number }): void;
  checkpointWritten(taskQueue: string, bytes: number): void;
}

/**
 * What activities need from their worker: injected by the composition root,
 * never read from process.env here, so activities are testable with an
 * in-memory store.
 */
export interface ActivityDeps {
  store: ArtifactStore;
  /** Allow `file://` dataset sources (local demos/tests). Off for shared workers: a UI user could name any file. */
  allowFileSources: boolean;
  /** tfjs backend this worker trains on (reported in results, checked against `model.requireBackend`); absent = unreported. */
  backend?: SelectedBackend;
  /** Where training activities report trial/epoch/checkpoint metrics; absent = not recorded. */
  metrics?: TrainingMetrics;
  /** Where trainModel runs its trainer (activities/classifier-trainer-host.ts); absent = a worker thread, defaults below. */
  training?: TrainingHostOptions;
}

/**
 * Where trainModel's trainer runs. In a worker thread (the default) a batch
 * never blocks the activity's own thread, so its heartbeats and cancellation
 * keep flowing however long a batch takes (issue 15).
 */
export interface TrainingHostOptions {
  /** 'thread' (default): a worker thread; 'inline': on the activity's thread (tests of the in-process path). */
  mode?: 'thread' | 'inline';
  /**
   * After a cancellation (the workflow's, or a worker shutdown past its grace
   * time), how long the thread may take to stop at a batch boundary (and save
   * it) before it is terminated; the retry then resumes from the last
   * checkpoint. Default {@link DEFAULT_TRAINING_STOP_GRACE_MS}.
   */
  stopGraceMs?: number;
  /**
   * Test hook: module path and export creating the classifier trainer (in the
   * thread, or inline), with createClassifierTrainer's signature (default: that function).
   */
  classifierFactory?: { module: string; factory: string };
}

/** Default of {@link TrainingHostOptions.stopGraceMs}. */
export const DEFAULT_TRAINING_STOP_GRACE_MS = 10_000;
