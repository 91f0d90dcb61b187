import { ArtifactAccessError, ArtifactNotFoundError } from '../core/errors';
import type { ArtifactStore } from './artifact-store';
import { compareKeys, validateKey, validatePrefix } from './validate-key';

/**
 * In-process ArtifactStore for tests and the embedded default. URIs are
 * `mem://<name>/<key>`; two stores with different names never accept each other's URIs.
 * Bytes are copied on `put` and on `get`, so callers cannot mutate stored objects.
 */
export class MemoryArtifactStore implements ArtifactStore {
  private readonly objects = new Map<string, Uint8Array>();
  private readonly uriPrefix: string;

  constructor(readonly name = 'default') {
    validateKey(name);
    if (name.includes('/')) throw new ArtifactAccessError(`memory store name must not contain '/': ${name}`);
    this.uriPrefix = `mem://${name}/`;
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    this.objects.set(validateKey(key), Uint8Array.from(body));
  }

  async get(key: string): Promise<Uint8Array> {
    const body = this.objects.get(validateKey(key));
    if (!body) throw new ArtifactNotFoundError(`artifact not found: ${this.uriFor(key)}`, { key });
    return Uint8Array.from(body);
  }

  async head(key: string): Promise<{ bytes: number } | null> {
    const body = this.objects.get(validateKey(key));
    return body ? { bytes: body.byteLength } : null;
  }

  async list(prefix: string): Promise<string[]> {
    validatePrefix(prefix);
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort(compareKeys);
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(validateKey(key));
  }

  uriFor(key: string): string {
    return this.uriPrefix + validateKey(key);
  }

  keyFor(uri: string): string {
    if (!uri.startsWith(this.uriPrefix)) {
      throw new ArtifactAccessError(`URI ${uri} is outside memory store ${this.uriPrefix}`, { uri });
    }
    return validateKey(uri.slice(this.uriPrefix.length));
  }
}
