/**
 * Orchestration overhead of hpoSweep on the real local Temporal dev server:
 * a no-op sweep (trainModel returns at once) of N trials, against a bare
 * fan-out baseline of the same shape measured in the same run.
 *
 *   bash scripts/stack.sh start && source .stack/env
 *   npx tsx bench/sweep-overhead-bench.ts [trials=1000] [parallelism=16]
 *
 * Prints total time, per-trial time, the ratio to the baseline, and the
 * control worker's heap/RSS (this process hosts the workers).
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createControlActivities } from '../activities';
import { MemoryArtifactStore } from '../lib/artifacts/memory-artifact-store';
import { startCheapObjectiveWorker } from '../tests/helpers/cheap-objective-worker';
import { loadWorkerEnv } from '../workers/worker-env';

const trials = Number(process.argv[2] ?? 1000);
const parallelism = Number(process.argv[3] ?? 16);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const suffix = Date.now().toString(36);
  const env = loadWorkerEnv({
    ...process.env,
    FF_CONTROL_TASK_QUEUE: `bench-${suffix}`,
    FF_TRAINING_TASK_QUEUE: `bench-${suffix}-training`,
  });
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    activities: createControlActivities({ store: new MemoryArtifactStore('bench'), allowFileSources: false }),
    maxCachedWorkflows: 2000,
  });
  const running = worker.run();
  const training = await startCheapObjectiveWorker(env);
  const client = new Client({
    connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS }),
    namespace: env.TEMPORAL_NAMESPACE,
  });
  const ref = { uri: 'mem://bench/d', sha256: 'b'.repeat(64), bytes: 1, kind: 'dataset' as const };
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);

  const t0 = Date.now();
  await client.workflow.execute('bareFanout', {
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    workflowId: `bench-bare-${suffix}`,
    args: [trials, parallelism],
  });
  const bareMs = Date.now() - t0;

  const t1 = Date.now();
  const result = await client.workflow.execute('hpoSweep', {
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    workflowId: `bench-sweep-${suffix}`,
    args: [
      {
        config: {
          name: 'bench',
          dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
          search: {
            maxTrials: trials,
            parallelism,
            epochs: 1,
            sampler: { kind: 'random' },
            space: { learningRate: { type: 'float', low: 1e-4, high: 1, log: true } },
          },
        },
        data: { train: ref, val: ref, labels: ['a', 'b'] },
        trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE,
      },
    ],
  });
  const sweepMs = Date.now() - t1;
  clearInterval(sampler);
  const heap = process.memoryUsage().heapUsed;

  console.log(
    `sweep-overhead bench: ${trials} no-op trials, parallelism ${parallelism}, local dev server (SQLite), 2 cores`,
  );
  console.log(
    `  bare fan-out baseline: ${(bareMs / 1000).toFixed(1)} s total, ${(bareMs / trials).toFixed(1)} ms/trial`,
  );
  console.log(
    `  hpoSweep:              ${(sweepMs / 1000).toFixed(1)} s total, ${(sweepMs / trials).toFixed(1)} ms/trial, ${result.generations} generation(s), ${result.trials.length} trials recorded`,
  );
  console.log(`  ratio sweep/baseline:  ${(sweepMs / bareMs).toFixed(2)}`);
  console.log(`  worker process (control + no-op training worker): heap ${mb(heap)}, peak RSS ${mb(peakRss)}`);

  await training.stop();
  worker.shutdown();
  await running;
  await connection.close();
  process.exit(0);
}

void main();
