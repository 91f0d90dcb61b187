import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { connect } from 'node:net';
import { applyStackEnv, stackEnvFile } from './stack-env';

const HINT = 'run `npm test` (it starts the stack) or `bash scripts/stack.sh start`';

function tcpCheck(address: string, timeoutMs = 3000): Promise<void> {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i);
  const port = Number(address.slice(i + 1));
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`timed out after ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
}

/**
 * Jest globalSetup for the integration and e2e projects: loads `.stack/env` into
 * process.env (workers of this jest run inherit it) and fails fast, with the fix, when
 * the Temporal dev server or the S3 server is not reachable.
 */
export default async function requireStack(): Promise<void> {
  const env = applyStackEnv();
  const problems: string[] = [];
  try {
    await tcpCheck(env.TEMPORAL_ADDRESS);
  } catch (err) {
    problems.push(`Temporal at ${env.TEMPORAL_ADDRESS} is not reachable (${(err as Error).message})`);
  }
  const client = new S3Client({
    endpoint: env.FF_S3_ENDPOINT,
    region: env.AWS_REGION,
    forcePathStyle: true,
    maxAttempts: 1,
  });
  try {
    await client.send(new HeadBucketCommand({ Bucket: env.FF_S3_BUCKET }));
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    const status = e.$metadata?.httpStatusCode ? ` HTTP ${e.$metadata.httpStatusCode}` : '';
    problems.push(
      `S3 bucket ${env.FF_S3_BUCKET} at ${env.FF_S3_ENDPOINT} is not reachable (${e.name}${status}: ${e.message})`,
    );
  } finally {
    client.destroy();
  }
  if (problems.length > 0) {
    throw new Error(
      `The local stack is not available (env file: ${stackEnvFile()}):\n  - ${problems.join('\n  - ')}\n${HINT}`,
    );
  }
}
