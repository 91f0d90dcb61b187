import type { Client } from '@temporalio/client';
import { loadWorkerEnv, type WorkerEnv } from '../../../workers/worker-env';
import { s3StoreFromEnv } from '../../../workers/s3-store-from-env';
import { runControlWorker, type RunningControlWorker } from '../../helpers/control-worker';
import { closeFakeEndpoints } from '../../helpers/fake-s3-endpoints';
import { testClient, testWorkerEnv } from '../../helpers/real-stack';
import { VALID_CONFIG } from '../../bad-input/config-cases';
import { OUTAGE_CASES } from '../../bad-input/outage-cases';

/**
 * The outage corpus on the real stack: a real control worker whose S3 endpoint is broken
 * runs a real `fineTunePipeline`. Curation must not hang and must not fail the run: the
 * activity is retried (attempt >= 2) and its last failure, what the Web UI and
 * `cli describe` show, is the case's exact message. Each run is terminated afterwards.
 */
jest.setTimeout(120_000);

const base = testWorkerEnv('outage');
const tag = `${process.pid}-${Date.now().toString(36)}`;
let client: Client;
let closeClient: () => Promise<void>;
const workers: RunningControlWorker[] = [];

beforeAll(async () => {
  const connected = await testClient(base);
  client = connected.client;
  closeClient = () => connected.connection.close();
});

afterAll(async () => {
  for (const w of workers) await w.stop();
  await closeClient?.();
  await closeFakeEndpoints();
});

/** The pending curation activity once it has failed at least once, polled from describe(). */
async function pendingAfterFailure(workflowId: string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { raw } = await client.workflow.getHandle(workflowId).describe();
    const pending = raw.pendingActivities?.[0];
    if (pending?.lastFailure?.message && (pending.attempt ?? 0) >= 2) return pending;
    if (Date.now() > deadline)
      throw new Error(`no retried activity failure in ${workflowId}: ${JSON.stringify(pending)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test.each(OUTAGE_CASES.map((c, i) => [c.name, c, i] as const))(
  '%s: retried, never hung, one clear line',
  async (_name, c, i) => {
    const overrides = await c.env(base.FF_S3_ENDPOINT!);
    const env: WorkerEnv = loadWorkerEnv({
      ...process.env,
      FF_CONTROL_TASK_QUEUE: `${base.FF_CONTROL_TASK_QUEUE}-${i}`,
      FF_TRAINING_TASK_QUEUE: `${base.FF_TRAINING_TASK_QUEUE}-${i}`,
      FF_ALLOW_FILE_SOURCES: '0',
      ...overrides,
    });
    workers.push(await runControlWorker(env));
    const uri = s3StoreFromEnv(env).uriFor('datasets/outage.jsonl');
    const workflowId = `outage-${tag}-${i}`;
    const handle = await client.workflow.start('fineTunePipeline', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId,
      args: [{ config: { ...VALID_CONFIG, dataset: { source: { kind: 'uri', uri } } } }],
      workflowExecutionTimeout: '5 minutes',
    });
    try {
      const pending = await pendingAfterFailure(workflowId);
      expect(pending.activityType?.name).toBe('curateDataset');
      expect(pending.lastFailure!.message).toBe(c.message(env.FF_S3_ENDPOINT!, uri));
      expect(pending.lastFailure!.applicationFailureInfo?.type).toBe('StorageUnavailableError');
      expect(pending.lastFailure!.applicationFailureInfo?.nonRetryable).toBeFalsy();
    } finally {
      await handle.terminate('outage corpus case done');
    }
  },
);
