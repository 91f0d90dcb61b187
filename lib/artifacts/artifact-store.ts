/**
 * Byte storage for artifacts. Implementations: S3 (the real one), filesystem and
 * in-memory (tests, embedded default). Keys are relative, '/'-separated paths
 * without '..' segments; every implementation rejects bad keys the same way.
 *
 * Contract (checked by tests/helpers/artifact-store-contract.ts against all three):
 * - `put` is atomic: a reader sees either nothing or the whole object.
 * - `put` of the same key and bytes twice is harmless (idempotent).
 * - `get` of a missing key throws `ArtifactNotFoundError`.
 * - `head` of a missing key returns null.
 * - `list(prefix)` returns every key under the prefix, sorted.
 * - `delete` of a missing key is a no-op.
 */
export interface ArtifactStore {
  put(key: string, body: Uint8Array, options?: { contentType?: string }): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  head(key: string): Promise<{ bytes: number } | null>;
  list(prefix: string): Promise<string[]>;
  delete(key: string): Promise<void>;
  /** The URI that names `key` in this store (goes into ArtifactRef.uri). */
  uriFor(key: string): string;
  /** Inverse of `uriFor`; throws `ArtifactAccessError` for a URI outside this store. */
  keyFor(uri: string): string;
}
