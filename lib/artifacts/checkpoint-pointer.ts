import { z } from 'zod';
import { ArtifactRefSchema } from '../core/artifact-ref';
import type { ArtifactStore } from './artifact-store';
import { sha256Hex } from './content-addressed';

/**
 * A small mutable object `<trialPrefix>/latest-checkpoint.json` naming a
 * trial's newest checkpoint. Heartbeat details alone can lag (the SDK
 * throttles heartbeats), so a retried attempt takes whichever of the two is
 * newer and loses at most the work since the last checkpoint (an epoch, or
 * `checkpointEverySteps` batches).
 *
 * The fingerprint ties the pointer to the exact training inputs: a pointer
 * left by another run that reused the same workflow id is ignored.
 */
export const CheckpointPointerSchema = z.object({
  fingerprint: z.string(),
  /** Epochs completed. */
  epoch: z.number().int().nonnegative(),
  /** Batches of the next epoch done, for a mid-epoch checkpoint; absent (0) at an epoch boundary. */
  step: z.number().int().nonnegative().optional(),
  checkpoint: ArtifactRefSchema,
});
export type CheckpointPointer = z.infer<typeof CheckpointPointerSchema>;

const pointerKey = (trialPrefix: string) => `${trialPrefix}/latest-checkpoint.json`;

/** Stable hash of the inputs that determine a training run (JSON with sorted keys). */
export function trainingFingerprint(inputs: Record<string, unknown>): string {
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
        )
      : Array.isArray(v)
        ? v.map(sorted)
        : v;
  return sha256Hex(new TextEncoder().encode(JSON.stringify(sorted(inputs))));
}

export async function writeCheckpointPointer(
  store: ArtifactStore,
  trialPrefix: string,
  pointer: CheckpointPointer,
): Promise<void> {
  await store.put(pointerKey(trialPrefix), new TextEncoder().encode(JSON.stringify(pointer)), {
    contentType: 'application/json',
  });
}

/** The pointer for `fingerprint`, or undefined when absent, unreadable or for other inputs. */
export async function readCheckpointPointer(
  store: ArtifactStore,
  trialPrefix: string,
  fingerprint: string,
): Promise<CheckpointPointer | undefined> {
  if (!(await store.head(pointerKey(trialPrefix)))) return undefined;
  try {
    const pointer = CheckpointPointerSchema.parse(
      JSON.parse(new TextDecoder().decode(await store.get(pointerKey(trialPrefix)))),
    );
    return pointer.fingerprint === fingerprint ? pointer : undefined;
  } catch {
    return undefined;
  }
}

/** Orders resume points by progress: (epoch, step), a missing step counting as 0. */
export function compareCheckpointProgress(
  a: { epoch: number; step?: number },
  b: { epoch: number; step?: number },
): number {
  return a.epoch - b.epoch || (a.step ?? 0) - (b.step ?? 0);
}
