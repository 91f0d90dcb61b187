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
}
