import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ArtifactStore } from '../../../lib/artifacts/artifact-store';
import { FsArtifactStore } from '../../../lib/artifacts/fs-artifact-store';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { ConfigError } from '../../../lib/core/errors';
import {
  LatestPointerSchema,
  REGISTRY_ENTRY_VERSION,
  writeRegistryEntry,
  type RegistryEntry,
} from '../../../lib/registry/registry-entry';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const STORES: Array<[string, () => ArtifactStore]> = [
  ['memory', () => new MemoryArtifactStore('immutability')],
  [
    'filesystem',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'ff-registry-'));
      dirs.push(dir);
      return new FsArtifactStore(dir);
    },
  ],
];

/** A schema-valid entry; `accuracy` varies the content (a second run with the same id). */
function entry(store: ArtifactStore, runId: string, accuracy: number): RegistryEntry {
  const ref = { uri: store.uriFor('runs/x/a'), sha256: 'b'.repeat(64), bytes: 1, kind: 'dataset' as const };
  return {
    schemaVersion: REGISTRY_ENTRY_VERSION,
    experiment: 'imm-exp',
    runId,
    labels: ['pos', 'neg'],
    chosen: 'single',
    ensemble: { method: 'single', members: [{ id: 't0', weight: 1 }] },
    members: [{ trialId: 't0', weight: 1, model: { ...ref, kind: 'model' }, params: {} }],
    metrics: {
      selectionMetric: 'accuracy',
      validation: { chosen: 0.8, bestSingle: 0.8, ensemble: 0.8 },
      test: { accuracy },
    },
    config: { name: 'imm-exp' },
    lineage: { source: { kind: 'builtin' }, splits: { test: ref }, evaluation: { ...ref, kind: 'metrics' } },
    codeVersion: 'test',
  };
}

const text = async (store: ArtifactStore, key: string) => new TextDecoder().decode(await store.get(key));

describe.each(STORES)('%s store', (_name, makeStore) => {
  test('a retry of the same run (identical content) is idempotent, not a conflict', async () => {
    const store = makeStore();
    const first = await writeRegistryEntry(store, entry(store, 'run-1', 0.9));
    const again = await writeRegistryEntry(store, entry(store, 'run-1', 0.9));
    expect(again).toEqual(first);
    expect(first.entryKey).toBe('registry/imm-exp/run-1/entry.json');
    expect(await store.list('registry/imm-exp/run-1/')).toEqual(['registry/imm-exp/run-1/entry.json']);
  });

  test('a second run with a finished id and different results is refused by default, naming the entry and the fix, and nothing changes', async () => {
    const store = makeStore();
    await writeRegistryEntry(store, entry(store, 'run-1', 0.9));
    const before = await text(store, 'registry/imm-exp/run-1/entry.json');
    const err = await writeRegistryEntry(store, entry(store, 'run-1', 0.5)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).retryable).toBe(false);
    expect((err as ConfigError).message).toContain(
      `Run run-1 already has a registry entry with different content at ${store.uriFor('registry/imm-exp/run-1/entry.json')}`,
    );
    expect((err as ConfigError).message).toContain('set registry.onExisting: newVersion');
    expect(await text(store, 'registry/imm-exp/run-1/entry.json')).toBe(before);
    expect(await store.list('registry/imm-exp/run-1/')).toEqual(['registry/imm-exp/run-1/entry.json']);
  });

  test("with 'newVersion' each different result gets the next version, earlier ones stay, retries stay idempotent, latest moves", async () => {
    const store = makeStore();
    await writeRegistryEntry(store, entry(store, 'run-1', 0.9));
    const v1 = await text(store, 'registry/imm-exp/run-1/entry.json');
    const v2 = await writeRegistryEntry(store, entry(store, 'run-1', 0.5), 'newVersion');
    expect(v2.entryKey).toBe('registry/imm-exp/run-1/v2/entry.json');
    expect((await writeRegistryEntry(store, entry(store, 'run-1', 0.5), 'newVersion')).entryKey).toBe(v2.entryKey);
    const v3 = await writeRegistryEntry(store, entry(store, 'run-1', 0.7), 'newVersion');
    expect(v3.entryKey).toBe('registry/imm-exp/run-1/v3/entry.json');
    expect(await text(store, 'registry/imm-exp/run-1/entry.json')).toBe(v1);
    expect(JSON.parse(await text(store, v2.entryKey)).metrics.test.accuracy).toBe(0.5);
    const latest = LatestPointerSchema.parse(JSON.parse(await text(store, 'registry/imm-exp/latest.json')));
    expect(latest.key).toBe(v3.entryKey);
  });

  test('a run id that is not one safe path segment is refused before anything is written', async () => {
    const store = makeStore();
    const err = await writeRegistryEntry(store, entry(store, 'a..b', 0.9)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain('Invalid runId "a..b": it contains "..".');
    expect(await store.list('registry/')).toEqual([]);
  });
});
