import type { ArtifactStore } from './artifact-store';

/** Versions a key may have before a write is refused even when versions are allowed (a loop guard). */
export const MAX_WRITE_ONCE_VERSIONS = 1000;

export interface WriteOnceInput {
  /** Key of the record (version 1). */
  key: string;
  body: Uint8Array;
  contentType?: string;
  /**
   * Bytes already at a key that `body` may replace besides identical ones: an append-only
   * record (a learning curve) accepts a shorter prefix of itself. Default: none.
   */
  supersedes?: (existing: Uint8Array) => boolean;
  /**
   * Key of version `n` (n >= 2). Given: a conflicting version 1 sends the write to the
   * first version that is free, identical or superseded (`registry.onExisting:
   * newVersion`). Absent: a conflict is refused.
   */
  versionKey?: (version: number) => string;
  /** The error for a conflict with the record at `uri` (the caller names its field and fix). */
  conflict: (uri: string) => Error;
  /** The error when all {@link MAX_WRITE_ONCE_VERSIONS} versions are taken. */
  tooManyVersions?: () => Error;
}

/** Where {@link writeOnce} put the record. */
export interface WriteOnceResult {
  key: string;
  /** 1 for `key`, n for `versionKey(n)`. */
  version: number;
  /** False when identical bytes were already there (nothing was written). */
  written: boolean;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);

/**
 * Writes a lineage record that is never overwritten by different bytes. Identical bytes
 * already there (an activity retry) are a success without a write; bytes `supersedes`
 * accepts are replaced; anything else throws `conflict(uri)`, or, with `versionKey`,
 * goes to the next version (the first that is free, identical or superseded).
 *
 * Check-then-write: a run id has one pipeline at a time (Temporal refuses a second start
 * of a running id), so no other writer races for the same run's keys.
 * @throws whatever `conflict` / `tooManyVersions` return, and the store's own errors.
 */
export async function writeOnce(store: ArtifactStore, input: WriteOnceInput): Promise<WriteOnceResult> {
  const last = input.versionKey ? MAX_WRITE_ONCE_VERSIONS : 1;
  for (let version = 1; version <= last; version++) {
    const key = version === 1 ? input.key : input.versionKey!(version);
    if (await store.head(key)) {
      const existing = await store.get(key);
      if (sameBytes(existing, input.body)) return { key, version, written: false };
      if (!input.supersedes?.(existing)) {
        if (!input.versionKey) throw input.conflict(store.uriFor(key));
        continue;
      }
    }
    await store.put(key, input.body, { contentType: input.contentType });
    return { key, version, written: true };
  }
  throw input.tooManyVersions?.() ?? input.conflict(store.uriFor(input.key));
}
