import { S3Client } from '@aws-sdk/client-s3';
import { StorageUnreachableError } from '../../../lib/core/errors';
import { S3ArtifactStore } from '../../../lib/artifacts/s3-artifact-store';

/**
 * An S3 endpoint nothing listens on (port 1 on loopback refuses at once): every
 * operation fails with a retryable StorageUnreachableError that says "S3 unreachable"
 * and keeps the socket error, so a run that fails after its retries names the cause.
 */
const store = new S3ArtifactStore({
  client: new S3Client({
    endpoint: 'http://127.0.0.1:1',
    region: 'us-east-1',
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  }),
  bucket: 'finetune-flow',
  prefix: 'ff',
});

test.each([
  ['get', () => store.get('runs/x/a.json')],
  ['head', () => store.head('runs/x/a.json')],
  ['put', () => store.put('runs/x/a.json', new Uint8Array([1]))],
  ['list', () => store.list('runs/x/')],
  ['delete', () => store.delete('runs/x/a.json')],
] as const)('%s on an unreachable endpoint: StorageUnreachableError naming the store', async (_op, operation) => {
  const err = await operation().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageUnreachableError);
  const e = err as StorageUnreachableError;
  expect(e.retryable).toBe(true);
  expect(e.name).toBe('StorageUnreachableError');
  expect(e.message).toMatch(/^S3 unreachable \(s3:\/\/finetune-flow\/ff\/\): .*ECONNREFUSED 127\.0\.0\.1:1/);
  expect(e.details).toEqual({ code: 'ECONNREFUSED' });
});
