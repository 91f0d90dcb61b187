import { z } from 'zod';
import { ArtifactRefSchema } from '../core/artifact-ref';
import type { ArtifactStore } from './artifact-store';
import { sha256Hex } from './content-addressed';

/**
 * A small mutable object `<trialPrefix>/latest-checkpoint.json` naming a
 * trial's newest checkpoint. Heartbeat details alone can lag (the SDK
 * throttles heartbeats), so a retried attempt takes whichever of the two is
 * newer and loses at most the epoch that was running when it crashed.
 *
 * The fingerprint ties the pointer to the exact training inputs: a pointer
 * left by another run that reused the same workflow id is ignored.
 */
export const CheckpointPointerSchema = z.object({
  fingerprint: z.string(),
  epoch: z.number().int().nonnegative(),
  checkpoint: ArtifactRefSchema,
});
export type CheckpointPointer = z.infer<typeof CheckpointPointerSchema>;

const pointerKey = (trialPrefix: string) => `${trialPrefix}/latest-checkpoint.json`;

/** Stable hash of the inputs that determine a training run (JSON with sorted keys). */
export function trainingFingerprint(inputs: Record<string, unknown>): string {
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]))
      : Array.isArray(v)
        ? v.map(sorted)
        : v;
  return sha256Hex(new TextEncoder().encode(JSON.stringify(sorted(inputs))));
}

export async function writeCheckpointPointer(store: ArtifactStore, trialPrefix: string, pointer: CheckpointPointer): Promise<void> {
  await store.put(pointerKey(trialPrefix), new TextEncoder().encode(JSON.stringify(pointer)), { contentType: 'application/json' });
}

/** The pointer for `fingerprint`, or undefined when absent, unreadable or for other inputs. */
export async function readCheckpointPointer(store: ArtifactStore, trialPrefix: string, fingerprint: string): Promise<CheckpointPointer | undefined> {
  if (!(await store.head(pointerKey(trialPrefix)))) return undefined;
  try {
    const pointer = CheckpointPointerSchema.parse(JSON.parse(new TextDecoder().decode(await store.get(pointerKey(trialPrefix)))));
    return pointer.fingerprint === fingerprint ? pointer : undefined;
  } catch {
    return undefined;
  }
}
