import { createControlActivities } from '../../activities';
import { parseExperimentConfig } from '../../configs/validate-config';
import { putArtifact, readArtifact, sha256Hex } from '../../lib/artifacts/content-addressed';
import { testStore, testWorkerEnv } from '../helpers/real-stack';

/**
 * Retried activities on the real S3 server. What the store contract
 * (tests/helpers/artifact-store-contract.ts) already covers is not repeated
 * here: a sequential second putArtifact returns the same ref and one key; a
 * wrong-size object at the content address is repaired. Added here: racing
 * retries (several attempts of one upload at once) and whole activities run
 * twice, the way Temporal re-runs an attempt whose completion was lost.
 */
jest.setTimeout(120_000);

const env = testWorkerEnv('idempotency');
const store = testStore(env);
const runPrefix = `runs/it-idempotency-${process.pid}-${Date.now().toString(36)}`;
const config = parseExperimentConfig({
  name: 'idempotency',
  seed: 11,
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  augmentation: { copies: 1, ops: [{ kind: 'random-swap', rate: 0.2 }] },
  search: {
    maxTrials: 1,
    parallelism: 1,
    space: { learningRate: { type: 'float', low: 0.001, high: 0.1, log: true } },
  },
});

afterAll(async () => {
  for (const key of await store.list(`${runPrefix}/`)) await store.delete(key);
});

test('racing retries of one putArtifact leave one intact object and one ref', async () => {
  const body = new TextEncoder().encode('checkpoint bytes '.repeat(10_000));
  const refs = await Promise.all(
    Array.from({ length: 6 }, () => putArtifact(store, { runPrefix, kind: 'checkpoint', body, ext: 'ckpt' })),
  );
  expect(new Set(refs.map((r) => JSON.stringify(r))).size).toBe(1);
  expect(await store.list(`${runPrefix}/checkpoint/`)).toEqual([`${runPrefix}/checkpoint/${sha256Hex(body)}.ckpt`]);
  expect(sha256Hex(await readArtifact(store, refs[0]))).toBe(refs[0].sha256);
});

test('curateDataset and augmentTrainSet run twice (and concurrently) give byte-identical refs and no extra objects', async () => {
  const activities = createControlActivities({ store, allowFileSources: false });
  const input = { runPrefix, config };
  const first = await activities.curateDataset(input);
  const [second, third] = await Promise.all([activities.curateDataset(input), activities.curateDataset(input)]);
  expect(second).toEqual(first);
  expect(third).toEqual(first);
  const augmented = await activities.augmentTrainSet({ runPrefix, train: first.train, config });
  expect(await activities.augmentTrainSet({ runPrefix, train: first.train, config })).toEqual(augmented);

  const datasetKeys = await store.list(`${runPrefix}/dataset/`);
  const expected = [first.train, first.val, first.test, augmented.train].map((r) => store.keyFor(r.uri));
  expect(datasetKeys.sort()).toEqual([...new Set(expected)].sort());
  expect(datasetKeys).toHaveLength(4);
  for (const ref of [first.train, first.val, first.test, augmented.train]) {
    expect(sha256Hex(await readArtifact(store, ref))).toBe(ref.sha256);
  }
});
