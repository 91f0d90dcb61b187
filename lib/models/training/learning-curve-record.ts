import type { ArtifactStore } from '../../artifacts/artifact-store';
import { writeOnce } from '../../artifacts/write-once';
import { ConfigError } from '../../core/errors';

/** What `<trialPrefix>/learning-curve.json` holds: a trial's per-epoch metrics so far. */
export interface LearningCurveRecord<P = Record<string, unknown>, M = unknown> {
  trialId: string;
  params: P;
  /** Epochs the attempt (or the chunk of a pruned trial) is set to run. */
  epochs: number;
  history: readonly M[];
}

/** Key of a trial's learning curve (version 1). */
export const learningCurveKey = (trialPrefix: string) => `${trialPrefix}/learning-curve.json`;
/** Key of version `n` >= 2, written beside version 1 with `registry.onExisting: newVersion`. */
export const learningCurveVersionKey = (trialPrefix: string, version: number) =>
  `${trialPrefix}/v${version}/learning-curve.json`;

const encode = (curve: LearningCurveRecord<unknown, unknown>) => new TextEncoder().encode(JSON.stringify(curve));

/**
 * Whether `next` only appends epochs to the curve stored as `existingBytes`: same trial
 * and params, and every stored epoch unchanged. `epochs` may differ (a pruned trial
 * trains one chunk per activity, each with a higher target).
 */
export function extendsCurve(existingBytes: Uint8Array, next: LearningCurveRecord<unknown, unknown>): boolean {
  let old: LearningCurveRecord<unknown, unknown>;
  try {
    old = JSON.parse(new TextDecoder().decode(existingBytes)) as LearningCurveRecord<unknown, unknown>;
  } catch {
    return false;
  }
  if (old?.trialId !== next.trialId || !Array.isArray(old.history)) return false;
  if (JSON.stringify(old.params) !== JSON.stringify(next.params)) return false;
  if (old.history.length > next.history.length) return false;
  return old.history.every((h, i) => JSON.stringify(h) === JSON.stringify(next.history[i]));
}

/**
 * Writes a trial's learning curve, a lineage record rewritten after every epoch, as
 * append-only: an identical rewrite (an activity retry) and a curve that extends the
 * stored one (the next epoch) succeed; a curve that changes stored epochs or params (a
 * second run reusing the run id with another config) is refused with a ConfigError, or,
 * with `onExisting: 'newVersion'`, written as `<trialPrefix>/v<N>/learning-curve.json`.
 * @returns the key written.
 */
export async function writeLearningCurveRecord(
  store: ArtifactStore,
  trialPrefix: string,
  curve: LearningCurveRecord<unknown, unknown>,
  onExisting: 'refuse' | 'newVersion' = 'refuse',
): Promise<string> {
  const { key } = await writeOnce(store, {
    key: learningCurveKey(trialPrefix),
    body: encode(curve),
    contentType: 'application/json',
    supersedes: (existing) => extendsCurve(existing, curve),
    versionKey: onExisting === 'newVersion' ? (v) => learningCurveVersionKey(trialPrefix, v) : undefined,
    conflict: (uri) =>
      new ConfigError(
        `Trial ${curve.trialId} already has a different learning curve at ${uri} (another run with this run id, or other params); learning curves are lineage records and are never overwritten. ` +
          'Start the run with a new id, or set registry.onExisting: newVersion in the config to write a new version (<trial>/v2/learning-curve.json) beside it.',
        { field: 'registry.onExisting', existing: uri },
      ),
  });
  return key;
}
