import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import type { Worker } from '@temporalio/worker';
import { createS3ArtifactStoreFromSettings } from '../lib/artifacts/s3-config';
import type { ActivityDeps } from '../activities';
import type { WorkerEnv } from './worker-env';

/** Activity dependencies for a worker: the S3 store named by the environment. */
export function activityDepsFromEnv(env: WorkerEnv, backend?: string): ActivityDeps {
  const store = createS3ArtifactStoreFromSettings({ endpoint: env.FF_S3_ENDPOINT, region: env.AWS_REGION, bucket: env.FF_S3_BUCKET, prefix: env.FF_S3_PREFIX });
  return { store, allowFileSources: env.FF_ALLOW_FILE_SOURCES === '1', backend };
}

let runtimeInstalled = false;
/** Quiet SDK logs to warnings (ours go through activity loggers); once per process. */
export function installRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger((process.env.FF_LOG_LEVEL as 'INFO' | 'WARN' | undefined) ?? 'WARN') });
  runtimeInstalled = true;
}

export async function connect(env: WorkerEnv): Promise<NativeConnection> {
  return NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
}

/** Runs a worker until SIGINT/SIGTERM, then drains and closes the connection. */
export async function runUntilSignal(worker: Worker, connection: NativeConnection, label: string): Promise<void> {
  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`[${label}] polling task queue ${worker.options.taskQueue} (pid ${process.pid})`);
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}
