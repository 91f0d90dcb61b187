import type { ArtifactStore } from '../../artifacts/artifact-store';
import { sha256Hex } from '../../artifacts/content-addressed';
import type { ArtifactRef } from '../../core/artifact-ref';
import type { BaseModelRef } from './transformer-checkpoint';

/**
 * Frozen-mode features cached in the store, content-addressed by everything
 * they depend on: the base model's file hashes, the train and val artifacts'
 * hashes, maxLen and pooling. So a 50-trial head sweep encodes its splits
 * once, and a retried attempt or a rerun on the same data not at all. Values
 * are raw little-endian float32 `[rows * hidden]`, one object per split;
 * a cached object whose size disagrees with the rows is ignored (recomputed).
 */
export interface FrozenFeatures {
  train: Float32Array;
  val: Float32Array;
}

export interface FeatureKey {
  base: BaseModelRef;
  train: Pick<ArtifactRef, 'sha256'>;
  val: Pick<ArtifactRef, 'sha256'>;
  maxLen: number;
  pooling: string;
}

/** The store prefix of the features of `k`. */
export function featurePrefix(k: FeatureKey): string {
  const id = sha256Hex(
    new TextEncoder().encode(
      JSON.stringify({
        base: k.base.files.map((f) => `${f.path}=${f.sha256}`).sort(),
        train: k.train.sha256,
        val: k.val.sha256,
        maxLen: k.maxLen,
        pooling: k.pooling,
      }),
    ),
  );
  return `cache/frozen-features/${id}`;
}

/** Cached features of `k` when both splits are there with `rows * hidden` values each, else undefined. */
export async function readFrozenFeatures(
  store: ArtifactStore,
  k: FeatureKey,
  rows: { train: number; val: number },
  hidden: number,
): Promise<FrozenFeatures | undefined> {
  const prefix = featurePrefix(k);
  const read = async (split: 'train' | 'val') => {
    const key = `${prefix}/${split}.f32`;
    const head = await store.head(key);
    if (!head || head.bytes !== rows[split] * hidden * 4) return undefined;
    const bytes = await store.get(key);
    return new Float32Array(bytes.slice().buffer);
  };
  const [train, val] = await Promise.all([read('train'), read('val')]);
  return train && val ? { train, val } : undefined;
}

/** Writes the features of `k` (idempotent: same inputs, same bytes). */
export async function writeFrozenFeatures(store: ArtifactStore, k: FeatureKey, f: FrozenFeatures): Promise<void> {
  const prefix = featurePrefix(k);
  for (const split of ['train', 'val'] as const) {
    const a = f[split];
    await store.put(`${prefix}/${split}.f32`, new Uint8Array(a.buffer, a.byteOffset, a.byteLength), {
      contentType: 'application/octet-stream',
    });
  }
}
