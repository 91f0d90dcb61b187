import { createS3ArtifactStoreFromSettings } from '../lib/artifacts/s3-config';
import type { S3ArtifactStore } from '../lib/artifacts/s3-artifact-store';
import type { WorkerEnv } from './worker-env';

/**
 * The S3 artifact store the environment names (FF_S3_ENDPOINT, AWS_REGION, FF_S3_BUCKET,
 * FF_S3_PREFIX, FF_S3_CONNECT_TIMEOUT_MS, FF_S3_REQUEST_TIMEOUT_MS): workers, CLI and tests share it.
 */
export function s3StoreFromEnv(env: WorkerEnv): S3ArtifactStore {
  return createS3ArtifactStoreFromSettings({
    endpoint: env.FF_S3_ENDPOINT,
    region: env.AWS_REGION,
    bucket: env.FF_S3_BUCKET,
    prefix: env.FF_S3_PREFIX,
    connectTimeoutMs: env.FF_S3_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: env.FF_S3_REQUEST_TIMEOUT_MS,
  });
}
