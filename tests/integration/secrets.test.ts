import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import type { FineTunePipelineResult } from '../../workflows/fine-tune-pipeline';
import { fetchHistoryTree, payloadTexts, type StoredHistory } from '../helpers/history-payloads';
import { envVars, testClient, testWorkerEnv } from '../helpers/real-stack';
import { spawnWorker, type SpawnedWorker } from '../helpers/spawn-worker';

/**
 * S3 credentials come only from the environment / AWS credential chain and
 * never reach Temporal: a real pipeline (1 trial, 1 epoch) runs with payload
 * encryption OFF (the worst case: history is plain JSON), then every payload
 * and the raw protobuf bytes of the pipeline, sweep and trial histories are
 * scanned for the access key id and the secret key the workers used.
 */
jest.setTimeout(240_000);

const env = testWorkerEnv('secrets');
const NO_CODEC = { FF_PAYLOAD_KEY: '', FF_PAYLOAD_KEY_ID: '' };
const secret = process.env.AWS_SECRET_ACCESS_KEY!;
const accessKeyId = process.env.AWS_ACCESS_KEY_ID!;
let workers: SpawnedWorker[] = [];

const smallConfig = (name: string): ExperimentConfigInput => ({
  name,
  seed: 3,
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  augmentation: { copies: 0 },
  model: { family: 'text-classifier', maxLen: 16, vocabSize: 2000 },
  search: {
    maxTrials: 1,
    parallelism: 1,
    epochs: 1,
    space: {
      learningRate: { type: 'float', low: 0.00913579, high: 0.0191357, log: true },
      embeddingDim: { type: 'categorical', choices: [8] },
    },
  },
  ensemble: { topK: 1 },
});

/**
 * Where a credential occurs in `text` as a whole token. The local stack's access
 * key id ("finetune") is also the start of the bucket name ("finetune-flow") and
 * queue names, so a match must not touch letters, digits, '-' or '_'.
 */
function credentialHits(text: string, value: string): number {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (text.match(new RegExp(`(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`, 'g')) ?? []).length;
}

beforeAll(async () => {
  workers = [
    spawnWorker('control-worker', { ...envVars(env), ...NO_CODEC }),
    spawnWorker('training-worker', { ...envVars(env), ...NO_CODEC }),
  ];
  await Promise.all(workers.map((w) => w.ready));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
});

test('the scanner finds a credential when one is there (negative control)', () => {
  expect(credentialHits(`{"aws":{"secretAccessKey":"${secret}"}}`, secret)).toBe(1);
  expect(credentialHits(`{"accessKeyId":"${accessKeyId}","bucket":"${accessKeyId}-flow"}`, accessKeyId)).toBe(1);
  expect(credentialHits(`s3://${accessKeyId}-flow/ff/x`, accessKeyId)).toBe(0);
});

test('no S3 credential in any payload or raw byte of the pipeline, sweep and trial histories', async () => {
  expect(secret.length).toBeGreaterThan(0);
  const { client, connection } = await testClient(env);
  const workflowId = `it-secrets-${Date.now()}`;
  let histories: StoredHistory[];
  try {
    const result: FineTunePipelineResult = await client.workflow.execute('fineTunePipeline', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId,
      args: [{ config: smallConfig('secrets-scan'), trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
    });
    expect(result.trials.completed).toBe(1);
    histories = await fetchHistoryTree(client, workflowId);
  } finally {
    await connection.close();
  }
  // Pipeline, sweep and at least one trial were scanned.
  expect(histories.map((h) => h.workflowId)).toEqual(expect.arrayContaining([workflowId, `${workflowId}-sweep`]));
  expect(histories.length).toBeGreaterThanOrEqual(3);
  let payloads = 0;
  for (const h of histories) {
    const texts = payloadTexts(h.history);
    payloads += texts.length;
    const decoded = texts.join('\n');
    expect({
      workflowId: h.workflowId,
      secretInPayloads: decoded.includes(secret),
      keyIdInPayloads: credentialHits(decoded, accessKeyId),
    }).toEqual({
      workflowId: h.workflowId,
      secretInPayloads: false,
      keyIdInPayloads: 0,
    });
    const raw = h.raw.toString('latin1');
    expect({
      workflowId: h.workflowId,
      secretInRaw: raw.includes(secret),
      keyIdInRaw: credentialHits(raw, accessKeyId),
    }).toEqual({
      workflowId: h.workflowId,
      secretInRaw: false,
      keyIdInRaw: 0,
    });
  }
  // The histories really carry the run's data (refs, params): the scan looked at something.
  expect(payloads).toBeGreaterThan(10);
  expect(histories.some((h) => payloadTexts(h.history).some((t) => t.includes('s3://')))).toBe(true);
});
