import { randomUUID } from 'node:crypto';
import { writeLearningCurveRecord, learningCurveKey } from '../../../lib/models/training/learning-curve-record';
import { ConfigError } from '../../../lib/core/errors';
import { testStore, testWorkerEnv } from '../../helpers/real-stack';

/**
 * Lineage records on the real S3 server (issue 15): a learning curve under runs/<id>/ is
 * never overwritten by different bytes, whatever writes it second.
 */
const env = testWorkerEnv('lineage');
const store = testStore(env);
const runPrefix = `runs/lineage-${randomUUID().slice(0, 8)}`;
const trialPrefix = `${runPrefix}/trials/t0001`;
const curve = (params: Record<string, unknown>, epochs: number) => ({
  trialId: 't0001',
  params,
  epochs,
  history: Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, valLoss: 1 / (i + 1) })),
});
const read = async (key: string) => JSON.parse(new TextDecoder().decode(await store.get(key))) as unknown;

afterAll(async () => {
  for (const key of await store.list(`${runPrefix}/`)) await store.delete(key);
});

test('a learning curve grows, survives a retry rewrite, and refuses a second run with other params', async () => {
  await writeLearningCurveRecord(store, trialPrefix, curve({ lr: 0.01 }, 1));
  await writeLearningCurveRecord(store, trialPrefix, curve({ lr: 0.01 }, 2));
  await writeLearningCurveRecord(store, trialPrefix, curve({ lr: 0.01 }, 2));
  const err = await writeLearningCurveRecord(store, trialPrefix, curve({ lr: 0.5 }, 1)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as Error).message).toContain(
    `Trial t0001 already has a different learning curve at ${store.uriFor(learningCurveKey(trialPrefix))}`,
  );
  expect(await read(learningCurveKey(trialPrefix))).toEqual(curve({ lr: 0.01 }, 2));
  // registry.onExisting: newVersion puts the rerun beside it, v1 untouched.
  await writeLearningCurveRecord(store, trialPrefix, curve({ lr: 0.5 }, 1), 'newVersion');
  expect(await read(`${trialPrefix}/v2/learning-curve.json`)).toEqual(curve({ lr: 0.5 }, 1));
  expect(await read(learningCurveKey(trialPrefix))).toEqual(curve({ lr: 0.01 }, 2));
});
