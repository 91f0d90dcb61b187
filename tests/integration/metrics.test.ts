import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { putArtifact } from '../../lib/artifacts/content-addressed';
import { examplesToJsonl } from '../../lib/core/example';
import { loadBuiltinDataset } from '../../lib/data/ingest/builtin-datasets';
import { curateDataset } from '../../lib/data/curate-dataset';
import { CurationSchema, DatasetSchema } from '../../configs/experiment-schema';
import type { TrainModelOutput } from '../../activities/contracts';
import { runControlWorker } from '../helpers/control-worker';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import { envVars, testClient, testStore, testWorkerEnv } from '../helpers/real-stack';
import { logRecordsOnceContaining, spawnWorker } from '../helpers/spawn-worker';

jest.setTimeout(180_000);

/** A port that was free a moment ago (the worker binds it right after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Value of the sample `name{labels…}` whose labels include every `want` pair; undefined if absent. */
function sample(text: string, name: string, want: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(want).every(([k, v]) => labels[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrape(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

/**
 * Observability on the real stack: a spawned training worker with both
 * metrics endpoints on runs one tiny trainTrial (its workflow served by a
 * control worker loading a prebuilt bundle, as the container image does);
 * our counters move by exactly what happened, the SDK's temporal_* metrics
 * are served, and the worker's logs are JSON lines.
 */
test('a training worker serves our trial metrics and the SDK metrics, and logs JSON', async () => {
  const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'ff-bundle-'));
  const env = {
    ...testWorkerEnv('metrics'),
    FF_WORKFLOW_BUNDLE: (await bundleWorkflows(path.join(bundleDir, 'workflow-bundle.js'))).path,
  };
  const queue = env.FF_TRAINING_TASK_QUEUE;
  const store = testStore(env);
  const runPrefix = `runs/it-metrics-${Date.now()}`;
  const curated = curateDataset(
    loadBuiltinDataset('uci-sentiment'),
    {
      dataset: DatasetSchema.parse({ source: { kind: 'builtin', name: 'uci-sentiment' } }),
      curation: CurationSchema.parse({}),
    },
    5,
  );
  const put = (rows: typeof curated.splits.train) =>
    putArtifact(store, { runPrefix, kind: 'dataset', body: examplesToJsonl(rows), ext: 'jsonl' });
  const data = {
    train: await put(curated.splits.train.slice(0, 400)),
    val: await put(curated.splits.val.slice(0, 100)),
    labels: curated.labels,
  };
  const epochs = 2;

  const [metricsPort, sdkPort] = [await freePort(), await freePort()];
  const training = spawnWorker('training-worker', {
    ...envVars(env),
    FF_METRICS_PORT: String(metricsPort),
    FF_SDK_METRICS_ADDRESS: `127.0.0.1:${sdkPort}`,
    FF_SDK_LOG_LEVEL: 'info',
  });
  const control = await runControlWorker(env);
  const { client, connection } = await testClient(env);
  try {
    await training.ready;
    const before = await scrape(metricsPort);
    expect(sample(before, 'ff_training_attempts_started_total', { task_queue: queue })).toBe(0);

    const result: TrainModelOutput = await client.workflow.execute('trainTrial', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId: `${runPrefix.slice(5)}-trial`,
      args: [
        {
          runPrefix,
          trialId: 'metrics',
          params: { learningRate: 0.01, embeddingDim: 8, batchSize: 32, dropout: 0 },
          epochs,
          seed: 3,
          maxLen: 24,
          vocabSize: 2000,
          objective: 'val_accuracy',
          data,
          trainingTaskQueue: queue,
        },
      ],
    });
    expect(result.history).toHaveLength(epochs);

    const after = await scrape(metricsPort);
    expect(sample(after, 'ff_training_attempts_started_total', { task_queue: queue })).toBe(1);
    expect(sample(after, 'ff_training_attempts_finished_total', { task_queue: queue, outcome: 'completed' })).toBe(1);
    expect(sample(after, 'ff_training_attempts_finished_total', { task_queue: queue, outcome: 'failed' })).toBe(0);
    expect(sample(after, 'ff_epoch_duration_seconds_count', { task_queue: queue })).toBe(epochs);
    const epochSum = sample(after, 'ff_epoch_duration_seconds_sum', { task_queue: queue })!;
    expect(epochSum).toBeCloseTo(
      result.history.reduce((s, h) => s + h.seconds, 0),
      3,
    );
    expect(sample(after, 'ff_training_samples_per_second', { task_queue: queue })).toBeCloseTo(
      result.history[epochs - 1].samplesPerSecond,
      3,
    );
    const checkpoints = await store.list(`${runPrefix}/trials/metrics/checkpoint/`);
    const checkpointBytes = (await Promise.all(checkpoints.map((k) => store.head(k)))).reduce(
      (s, h) => s + (h?.bytes ?? 0),
      0,
    );
    expect(sample(after, 'ff_checkpoint_bytes_total', { task_queue: queue })).toBe(checkpointBytes);
    expect(sample(after, 'process_cpu_seconds_total', { service: 'training-worker' })).toBeGreaterThan(0);

    // The SDK's own exporter: temporal_-prefixed metrics labelled with our task queue.
    const sdk = await (await fetch(`http://127.0.0.1:${sdkPort}/metrics`)).text();
    const sdkQueueLines = sdk
      .split('\n')
      .filter((l) => l.startsWith('temporal_') && l.includes(`task_queue="${queue}"`));
    expect(sdkQueueLines.length).toBeGreaterThan(0);
    expect(sdk).toMatch(/^temporal_activity_execution_latency\S*\{/m);

    // Worker logs are JSON lines; the SDK's activity logs (ctx.log) carry the activity's context.
    // The child's stdout reaches us through a pipe, possibly after the workflow result: wait for it.
    const records = await logRecordsOnceContaining(training, 'Epoch done');
    expect(
      records.some(
        (r) =>
          r.level === 'info' &&
          r.service === 'training-worker' &&
          String(r.msg).includes(`polling task queue ${queue}`),
      ),
    ).toBe(true);
    expect(
      records.some(
        (r) =>
          r.msg === 'Epoch done' && r.component === 'temporal-sdk' && r.trialId === 'metrics' && r.taskQueue === queue,
      ),
    ).toBe(true);
  } finally {
    await connection.close();
    await training.stop();
    await control.stop();
    rmSync(bundleDir, { recursive: true, force: true });
  }
});
