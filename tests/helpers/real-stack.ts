import { Client, Connection } from '@temporalio/client';
import type { S3ArtifactStore } from '../../lib/artifacts/s3-artifact-store';
import { loadWorkerEnv, type WorkerEnv } from '../../workers/worker-env';
import { s3StoreFromEnv } from '../../workers/s3-store-from-env';

/**
 * The real stack as the tests see it (Temporal dev server + S3 server started
 * by scripts/stack.sh; tests/helpers/require-stack.ts loaded its env), with
 * task queues unique to one test so leftover workers never steal its tasks.
 */
export function testWorkerEnv(label: string): WorkerEnv {
  const suffix = `${label}-${process.pid}-${Date.now().toString(36)}`;
  return loadWorkerEnv({
    ...process.env,
    FF_CONTROL_TASK_QUEUE: `test-control-${suffix}`,
    FF_TRAINING_TASK_QUEUE: `test-training-${suffix}`,
    FF_ALLOW_FILE_SOURCES: '1',
  });
}

/** Environment variables that make a spawned worker use `env`'s queues. */
export function envVars(env: WorkerEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) as Record<string, string>;
}

export function testStore(env: WorkerEnv): S3ArtifactStore {
  return s3StoreFromEnv(env);
}

export async function testClient(env: WorkerEnv): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  return { client: new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }), connection };
}
