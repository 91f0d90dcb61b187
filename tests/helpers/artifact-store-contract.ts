import { randomBytes } from 'node:crypto';
import type { ArtifactStore } from '../../lib/artifacts/artifact-store';
import {
  putArtifact,
  putJsonArtifact,
  readArtifact,
  readJsonArtifact,
  sha256Hex,
} from '../../lib/artifacts/content-addressed';
import { ArtifactAccessError, ArtifactIntegrityError, ArtifactNotFoundError } from '../../lib/core/errors';

export interface StoreUnderTest {
  store: ArtifactStore;
  /** URIs that must be rejected by `keyFor` (another bucket, root, name, scheme...). */
  foreignUris: string[];
  cleanup?: () => Promise<void>;
}

const BAD_KEYS = ['', '/abs', 'a/../b', '..', 'a//b', 'a/', 'a\\b', './a', 'a/./b'];
const enc = (s: string) => new TextEncoder().encode(s);

/**
 * The ArtifactStore contract (lib/artifacts/artifact-store.ts), run against every store.
 * `makeStore` is called once per test and must return an empty, isolated store (e.g. a
 * fresh temp dir or a unique S3 prefix).
 */
export function describeArtifactStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`ArtifactStore contract: ${name}`, () => {
    let sut: StoreUnderTest;
    let store: ArtifactStore;

    beforeEach(async () => {
      sut = await makeStore();
      store = sut.store;
    });
    afterEach(async () => {
      await sut.cleanup?.();
    });

    it('round-trips put/get and reports size with head', async () => {
      await store.put('runs/r1/a.txt', enc('hello'));
      expect(new TextDecoder().decode(await store.get('runs/r1/a.txt'))).toBe('hello');
      expect(await store.head('runs/r1/a.txt')).toEqual({ bytes: 5 });
    });

    it('keeps binary bytes exact (all 256 byte values, empty object)', async () => {
      const body = new Uint8Array(512).map((_, i) => i % 256);
      await store.put('bin/all-bytes', body);
      expect(Buffer.from(await store.get('bin/all-bytes')).equals(Buffer.from(body))).toBe(true);
      await store.put('bin/empty', new Uint8Array(0));
      expect((await store.get('bin/empty')).byteLength).toBe(0);
      expect(await store.head('bin/empty')).toEqual({ bytes: 0 });
    });

    it('treats a second put of the same key and bytes as harmless', async () => {
      await store.put('k/same', enc('v1'));
      await store.put('k/same', enc('v1'));
      expect(new TextDecoder().decode(await store.get('k/same'))).toBe('v1');
      expect(await store.list('k/')).toEqual(['k/same']);
    });

    it('returns null from head and throws ArtifactNotFoundError from get for a missing key', async () => {
      expect(await store.head('nope/missing')).toBeNull();
      await expect(store.get('nope/missing')).rejects.toBeInstanceOf(ArtifactNotFoundError);
    });

    it('lists every key under a prefix, sorted, and nothing outside it', async () => {
      for (const k of ['p/b/2', 'p/a', 'p/b/1', 'p/c', 'pq/x', 'other/y']) await store.put(k, enc(k));
      expect(await store.list('p/')).toEqual(['p/a', 'p/b/1', 'p/b/2', 'p/c']);
      expect(await store.list('p/b/')).toEqual(['p/b/1', 'p/b/2']);
      expect(await store.list('p')).toEqual(['p/a', 'p/b/1', 'p/b/2', 'p/c', 'pq/x']);
      expect(await store.list('zzz/')).toEqual([]);
      expect(await store.list('')).toEqual(['other/y', 'p/a', 'p/b/1', 'p/b/2', 'p/c', 'pq/x']);
    });

    it('deletes idempotently', async () => {
      await store.put('d/x', enc('x'));
      await store.delete('d/x');
      await store.delete('d/x');
      await store.delete('d/never-existed');
      expect(await store.head('d/x')).toBeNull();
      expect(await store.list('d/')).toEqual([]);
    });

    it.each(BAD_KEYS)('rejects bad key %j on every operation', async (key) => {
      await expect(store.put(key, enc('x'))).rejects.toBeInstanceOf(ArtifactAccessError);
      await expect(store.get(key)).rejects.toBeInstanceOf(ArtifactAccessError);
      await expect(store.head(key)).rejects.toBeInstanceOf(ArtifactAccessError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(ArtifactAccessError);
      expect(() => store.uriFor(key)).toThrow(ArtifactAccessError);
    });

    it('names the key and the rule when rejecting', async () => {
      await expect(store.put('a/../b', enc('x'))).rejects.toThrow(/"a\/\.\.\/b".*'\.\.'/);
    });

    it('maps keys to URIs and back, and rejects foreign URIs', async () => {
      const key = 'runs/r1/model/abc.bin';
      const uri = store.uriFor(key);
      expect(store.keyFor(uri)).toBe(key);
      for (const foreign of [
        ...sut.foreignUris,
        'http://example.invalid/x',
        `${uri.slice(0, uri.length - key.length)}a/../../etc/passwd`,
      ]) {
        expect(() => store.keyFor(foreign)).toThrow(ArtifactAccessError);
      }
    });

    it('content-addresses artifacts idempotently and verifies them on read', async () => {
      const body = enc('weights v1');
      const ref = await putArtifact(store, { runPrefix: 'runs/r1', kind: 'model', body, ext: 'bin' });
      expect(ref).toEqual({
        uri: store.uriFor(`runs/r1/model/${sha256Hex(body)}.bin`),
        sha256: sha256Hex(body),
        bytes: body.byteLength,
        kind: 'model',
      });
      expect(await putArtifact(store, { runPrefix: 'runs/r1', kind: 'model', body, ext: 'bin' })).toEqual(ref);
      expect(await store.list('runs/r1/')).toEqual([store.keyFor(ref.uri)]);
      expect(new TextDecoder().decode(await readArtifact(store, ref))).toBe('weights v1');
    });

    it('fails readArtifact with ArtifactIntegrityError when bytes are tampered', async () => {
      const ref = await putArtifact(store, { runPrefix: 'runs/r2', kind: 'dataset', body: enc('abcdef') });
      const key = store.keyFor(ref.uri);
      await store.put(key, enc('abcdeX')); // same size, other bytes
      await expect(readArtifact(store, ref)).rejects.toBeInstanceOf(ArtifactIntegrityError);
      await store.put(key, enc('abc')); // other size
      await expect(readArtifact(store, ref)).rejects.toThrow(/3 bytes/);
      // A retried putArtifact repairs an object of the wrong size at its content address.
      expect(await putArtifact(store, { runPrefix: 'runs/r2', kind: 'dataset', body: enc('abcdef') })).toEqual(ref);
      expect(new TextDecoder().decode(await readArtifact(store, ref))).toBe('abcdef');
      await store.delete(key);
      await expect(readArtifact(store, ref)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    });

    it('stores JSON canonically and reads it back', async () => {
      const a = await putJsonArtifact(store, {
        runPrefix: 'runs/r3',
        kind: 'metrics',
        value: { b: 1, a: [1, { d: 2, c: 3 }] },
      });
      const b = await putJsonArtifact(store, {
        runPrefix: 'runs/r3',
        kind: 'metrics',
        value: { a: [1, { c: 3, d: 2 }], b: 1 },
      });
      expect(b).toEqual(a);
      expect(a.uri.endsWith('.json')).toBe(true);
      expect(await readJsonArtifact(store, a)).toEqual({ a: [1, { c: 3, d: 2 }], b: 1 });
    });

    it('round-trips a 20 MiB object', async () => {
      const body = new Uint8Array(randomBytes(20 * 1024 * 1024));
      const ref = await putArtifact(store, { runPrefix: 'runs/big', kind: 'checkpoint', body });
      expect(await store.head(store.keyFor(ref.uri))).toEqual({ bytes: body.byteLength });
      const back = await readArtifact(store, ref);
      expect(back.byteLength).toBe(body.byteLength);
      expect(sha256Hex(back)).toBe(ref.sha256);
    }, 60_000);
  });
}
