import type { ArtifactStore } from '../lib/artifacts/artifact-store';

/**
 * What activities need from their worker: injected by the composition root,
 * never read from process.env here, so activities are testable with an
 * in-memory store.
 */
export interface ActivityDeps {
  store: ArtifactStore;
  /** Allow `file://` dataset sources (local demos/tests). Off for shared workers: a UI user could name any file. */
  allowFileSources: boolean;
  /** tfjs backend this worker trains on (reported in results). */
  backend?: string;
}
