import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ArtifactAccessError, ArtifactNotFoundError } from '../core/errors';
import type { ArtifactStore } from './artifact-store';
import { compareKeys, validateKey, validatePrefix } from './validate-key';

/** Scratch directory under the root for in-flight writes; never listed, never a valid key. */
const TMP_DIR = '.ff-tmp';

/**
 * ArtifactStore on a local directory (tests, single-machine runs). URIs are
 * `file://<root>/<key>` with `root` an absolute path, not percent-encoded.
 *
 * `put` is atomic: bytes go to a temp file under `<root>/.ff-tmp/`, are fsynced, then
 * renamed over the target, so a concurrent reader (or a crash) sees the old object, the
 * whole new one, or nothing. Unlike S3, a key cannot be both an object and a "folder"
 * ('a' and 'a/b'); such a put fails with the filesystem's error.
 */
export class FsArtifactStore implements ArtifactStore {
  readonly root: string;
  private readonly uriPrefix: string;

  constructor(root: string) {
    if (!path.isAbsolute(root)) {
      throw new ArtifactAccessError(`FsArtifactStore root must be an absolute path, got ${root}`, { root });
    }
    this.root = path.resolve(root);
    this.uriPrefix = `file://${this.root === '/' ? '' : this.root}/`;
  }

  async put(key: string, body: Uint8Array): Promise<void> {
    const target = this.pathFor(key);
    const tmpDir = path.join(this.root, TMP_DIR);
    await fs.mkdir(tmpDir, { recursive: true });
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    try {
      const handle = await fs.open(tmp, 'w');
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, target);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await fs.readFile(this.pathFor(key)));
    } catch (err) {
      if (isMissing(err)) throw new ArtifactNotFoundError(`artifact not found: ${this.uriFor(key)}`, { key });
      throw err;
    }
  }

  async head(key: string): Promise<{ bytes: number } | null> {
    try {
      const stat = await fs.stat(this.pathFor(key));
      return stat.isFile() ? { bytes: stat.size } : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    validatePrefix(prefix);
    // Walk only the deepest directory the prefix fully names, then filter by string prefix.
    const slash = prefix.lastIndexOf('/');
    const startKey = slash >= 0 ? prefix.slice(0, slash) : '';
    const keys: string[] = [];
    await this.walk(startKey, keys);
    return keys.filter((k) => k.startsWith(prefix)).sort(compareKeys);
  }

  async delete(key: string): Promise<void> {
    const target = this.pathFor(key);
    await fs.rm(target, { force: true });
    await this.pruneEmptyParents(path.dirname(target));
  }

  uriFor(key: string): string {
    return this.uriPrefix + this.checkKey(key);
  }

  keyFor(uri: string): string {
    if (!uri.startsWith(this.uriPrefix)) {
      throw new ArtifactAccessError(`URI ${uri} is outside file store ${this.uriPrefix}`, { uri });
    }
    return this.checkKey(uri.slice(this.uriPrefix.length));
  }

  private checkKey(key: string): string {
    validateKey(key);
    if (key === TMP_DIR || key.startsWith(`${TMP_DIR}/`)) {
      throw new ArtifactAccessError(`invalid artifact key ${JSON.stringify(key)}: '${TMP_DIR}' is reserved`, { key });
    }
    return key;
  }

  private pathFor(key: string): string {
    return path.join(this.root, ...this.checkKey(key).split('/'));
  }

  private async walk(dirKey: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dirKey ? path.join(this.root, ...dirKey.split('/')) : this.root, {
        withFileTypes: true,
      });
    } catch (err) {
      if (isMissing(err) || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw err;
    }
    for (const entry of entries) {
      const key = dirKey ? `${dirKey}/${entry.name}` : entry.name;
      if (!dirKey && entry.name === TMP_DIR) continue;
      if (entry.isDirectory()) await this.walk(key, out);
      else if (entry.isFile()) out.push(key);
    }
  }

  /** Removes directories left empty by `delete`, up to (not including) the root. */
  private async pruneEmptyParents(dir: string): Promise<void> {
    while (dir !== this.root && dir.startsWith(this.root + path.sep)) {
      try {
        await fs.rmdir(dir);
      } catch {
        return; // not empty, already gone, or busy: leave it
      }
      dir = path.dirname(dir);
    }
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
