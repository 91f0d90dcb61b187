import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import { createCodecServer } from '../../workers/codec-server';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../../workers/payload-codec';
import { dataConverterFromEnv, payloadKeyringFromEnv } from '../../workers/payload-codec-env';
import type { FineTunePipelineResult } from '../../workflows/fine-tune-pipeline';
import { collectPayloads, fetchHistoryTree, payloadEncodings, type StoredHistory } from '../helpers/history-payloads';

/**
 * Encodings of every payload that carries user data. Local-activity markers also
 * hold a `data` detail written by the SDK itself (activity type, attempt, timestamps;
 * never inputs or results), which no payload codec sees; the raw-bytes scan below
 * still covers it.
 */
function userPayloadEncodings(history: StoredHistory['history']): string[] {
  return (history.events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    if (!marker) return payloadEncodings({ events: [event] });
    return Object.entries(marker.details ?? {})
      .filter(([key]) => key !== 'data')
      .flatMap(([, payloads]) =>
        payloadEncodings({ events: [{ markerRecordedEventAttributes: { details: { x: payloads } } }] }),
      );
  });
}
import { envVars, testWorkerEnv } from '../helpers/real-stack';
import { logRecordsOnceContaining, spawnWorker, type SpawnedWorker } from '../helpers/spawn-worker';
import { REDACTED_FAILURE_TEXT } from '../../workers/logging';

/**
 * Payload encryption on the real stack: both workers and the client run with
 * FF_PAYLOAD_KEY set; a small pipeline (1 trial, 1 epoch) completes; the
 * server-side histories (pipeline, sweep, trial) hold only `binary/encrypted`
 * payloads with no plaintext config fragment; the client with the key decodes
 * the result, a client without it cannot; and the codec server decodes the
 * stored input over HTTP for an authorised caller only.
 */
jest.setTimeout(240_000);

const env = testWorkerEnv('codec');
const codecEnv = { FF_PAYLOAD_KEY: randomBytes(32).toString('base64'), FF_PAYLOAD_KEY_ID: 'it-key-1' };
const UI_ORIGIN = 'http://127.0.0.1:8233';
const TOKEN = randomBytes(16).toString('hex');
// Distinctive fragments of the input: none may appear in the stored histories.
const NAME = 'codec-confidential-run';
const LOW = 0.00913579;
const config: ExperimentConfigInput = {
  name: NAME,
  seed: 5,
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  augmentation: { copies: 0 },
  model: { family: 'text-classifier', maxLen: 16, vocabSize: 2000 },
  search: {
    maxTrials: 1,
    parallelism: 1,
    epochs: 1,
    space: {
      learningRate: { type: 'float', low: LOW, high: 0.0191357, log: true },
      embeddingDim: { type: 'categorical', choices: [8] },
    },
  },
  ensemble: { topK: 1 },
};

let workers: SpawnedWorker[] = [];
let connection: Connection;
let histories: StoredHistory[];
let result: FineTunePipelineResult;
const workflowId = `it-codec-${Date.now()}`;

beforeAll(async () => {
  workers = [
    spawnWorker('control-worker', { ...envVars(env), ...codecEnv }),
    spawnWorker('training-worker', { ...envVars(env), ...codecEnv }),
  ];
  await Promise.all(workers.map((w) => w.ready));
  connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const client = new Client({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFromEnv(codecEnv),
  });
  result = await client.workflow.execute('fineTunePipeline', {
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    workflowId,
    args: [{ config, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
  });
  histories = await fetchHistoryTree(client, workflowId);
});

afterAll(async () => {
  await connection?.close();
  await Promise.all(workers.map((w) => w.stop()));
});

test('the client with the key decodes the result', () => {
  expect(result.runId).toBe(workflowId);
  expect(result.trials).toMatchObject({ total: 1, completed: 1, failed: 0 });
  expect(result.bestTrial.params.learningRate).toBeGreaterThanOrEqual(LOW);
});

test('every stored payload is encrypted and no plaintext config fragment is in the raw histories', () => {
  expect(histories.length).toBeGreaterThanOrEqual(3); // pipeline, sweep, trial(s)
  for (const h of histories) {
    const encodings = userPayloadEncodings(h.history);
    expect(encodings.length).toBeGreaterThan(0);
    expect(new Set(encodings)).toEqual(new Set([ENCRYPTED_ENCODING]));
    for (const fragment of [NAME, String(LOW), 'learningRate', 'uci-sentiment', 's3://', '"params"']) {
      expect({ workflowId: h.workflowId, fragment, found: h.raw.includes(fragment) }).toEqual({
        workflowId: h.workflowId,
        fragment,
        found: false,
      });
    }
  }
});

test('failure messages are encrypted too, and decoded for the client with the key', async () => {
  const client = new Client({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFromEnv(codecEnv),
  });
  const badId = `${workflowId}-bad`;
  const bad = { ...config, search: { ...config.search, maxTrials: 0 } };
  const err = await client.workflow
    .execute('fineTunePipeline', { taskQueue: env.FF_CONTROL_TASK_QUEUE, workflowId: badId, args: [{ config: bad }] })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  expect((err as WorkflowFailedError).cause?.message).toContain('- search.maxTrials: maxTrials must be at least 1');
  const [stored] = await fetchHistoryTree(client, badId);
  expect(stored.raw.includes('maxTrials must be at least 1')).toBe(false);
  expect(stored.raw.includes(NAME)).toBe(false);
  // The worker's log tells no more than history: its "Workflow failed" line has the failure text redacted.
  const records = await logRecordsOnceContaining(workers[0], REDACTED_FAILURE_TEXT);
  expect(records.find((r) => r.msg === 'Workflow failed' && r.workflowId === badId)).toMatchObject({
    error: { message: REDACTED_FAILURE_TEXT },
  });
  expect(workers.map((w) => w.output()).join('\n')).not.toContain('maxTrials must be at least 1');
});

test('a client without the key cannot read the result', async () => {
  const plain = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
  await expect(plain.workflow.getHandle(workflowId).result()).rejects.toThrow(/encoding|binary\/encrypted/i);
});

test('the codec server decodes stored payloads over HTTP for an authorised caller only', async () => {
  const server = createCodecServer({
    codec: new AesGcmPayloadCodec(payloadKeyringFromEnv(codecEnv)!),
    allowedOrigins: [UI_ORIGIN],
    token: TOKEN,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const started = histories[0].history.events!.find((e) => e.workflowExecutionStartedEventAttributes)!;
    const stored = collectPayloads(started.workflowExecutionStartedEventAttributes!.input);
    const body = JSON.stringify({
      payloads: stored.map((p) => ({
        metadata: Object.fromEntries(
          Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(p.data!).toString('base64'),
      })),
    });
    const headers = { 'Content-Type': 'application/json', 'X-Namespace': env.TEMPORAL_NAMESPACE, Origin: UI_ORIGIN };

    const preflight = await fetch(`${url}/decode`, { method: 'OPTIONS', headers: { Origin: UI_ORIGIN } });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/);
    expect((await fetch(`${url}/decode`, { method: 'POST', headers, body })).status).toBe(401);

    const res = await fetch(`${url}/decode`, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${TOKEN}` },
      body,
    });
    expect(res.status).toBe(200);
    const decoded = (await res.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(decoded.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    const input = JSON.parse(Buffer.from(decoded.payloads[0].data, 'base64').toString()) as {
      config: { name: string };
    };
    expect(input.config.name).toBe(NAME);

    const wrongKey = await fetch(`${url}/decode`, {
      method: 'POST',
      headers: { ...headers, Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        payloads: [
          {
            metadata: {
              encoding: Buffer.from(ENCRYPTED_ENCODING).toString('base64'),
              'encryption-key-id': Buffer.from('other').toString('base64'),
            },
            data: 'AAAA',
          },
        ],
      }),
    });
    expect(wrongKey.status).toBe(422);
    expect(((await wrongKey.json()) as { error: string }).error).toMatch(/key id "other"/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
