import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FsArtifactStore } from '../../../lib/artifacts/fs-artifact-store';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { describeArtifactStoreContract } from '../../helpers/artifact-store-contract';
import { ArtifactAccessError } from '../../../lib/core/errors';
import { readdir } from 'node:fs/promises';

let seq = 0;

describeArtifactStoreContract('MemoryArtifactStore', async () => {
  const name = `t${++seq}`;
  return { store: new MemoryArtifactStore(name), foreignUris: [`mem://other/a/b`, `mem://${name}x/a`, `file:///a/b`] };
});

describeArtifactStoreContract('FsArtifactStore', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'ff-fs-store-'));
  return {
    store: new FsArtifactStore(root),
    foreignUris: [`file://${root}-other/a`, `file://${path.dirname(root)}/a`, `mem://x/a`, `file://${root}/.ff-tmp/x`],
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

describe('FsArtifactStore specifics', () => {
  it('requires an absolute root', () => {
    expect(() => new FsArtifactStore('relative/dir')).toThrow(ArtifactAccessError);
  });

  it('leaves no temp files behind and prunes empty folders on delete', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'ff-fs-store-'));
    try {
      const store = new FsArtifactStore(root);
      await store.put('a/b/c', new Uint8Array([1, 2, 3]));
      expect(await readdir(path.join(root, '.ff-tmp'))).toEqual([]);
      await store.delete('a/b/c');
      expect((await readdir(root)).sort()).toEqual(['.ff-tmp']);
      expect(await store.list('')).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
