import { createS3ArtifactStoreFromSettings, S3SettingsSchema } from '../../../lib/artifacts/s3-config';
import { ArtifactNotFoundError, StorageUnavailableError } from '../../../lib/core/errors';
import { toTemporalFailure } from '../../../activities/failures';
import { ApplicationFailure } from '@temporalio/common';
import { applyStackEnv } from '../../helpers/stack-env';
import {
  blackholeEndpoint,
  closeFakeEndpoints,
  hungEndpoint,
  refusedEndpoint,
  webPageEndpoint,
} from '../../helpers/fake-s3-endpoints';

/**
 * S3 outages as a worker meets them (issue 15): a server that accepts TCP and never
 * answers, one that is no S3 server, a missing bucket on the real S3 server. Each must
 * fail a call within the configured timeout with a retryable StorageUnavailableError
 * naming the endpoint and the setting, never hang until Temporal's own timeouts.
 */
const env = applyStackEnv();
afterAll(() => closeFakeEndpoints());

const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

test('defaults: 5 s to connect, 2 minutes per request', () => {
  const s = S3SettingsSchema.parse({ bucket: 'finetune-flow' });
  expect([s.connectTimeoutMs, s.requestTimeoutMs]).toEqual([5_000, 120_000]);
});

test('a server that accepts and never answers fails a get within requestTimeoutMs, retryably', async () => {
  const endpoint = await hungEndpoint();
  const store = createS3ArtifactStoreFromSettings({ endpoint, bucket: 'hung', requestTimeoutMs: 300, maxAttempts: 2 });
  const started = Date.now();
  const err = await failureOf(store.get('datasets/a.jsonl'));
  const elapsed = Date.now() - started;
  expect(err).toBeInstanceOf(StorageUnavailableError);
  expect((err as Error).message).toBe(
    `S3 endpoint ${endpoint} did not answer GetObject s3://hung/ff/datasets/a.jsonl within requestTimeoutMs=300 (FF_S3_REQUEST_TIMEOUT_MS, 2 attempts): the server accepted the connection but hung; check that FF_S3_ENDPOINT is a working S3 server, or raise FF_S3_REQUEST_TIMEOUT_MS for a slow link`,
  );
  // Two attempts of 300 ms plus the SDK's backoff: far below any activity timeout (not a timing assertion on S3).
  expect(elapsed).toBeLessThan(30_000);
  // An outage, not bad input: the activity mapping keeps it retryable.
  const failure = toTemporalFailure(err) as ApplicationFailure;
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect([failure.type, failure.nonRetryable]).toEqual(['StorageUnavailableError', false]);
}, 60_000);

test('a hung server also fails a put (the request body is sent, no answer comes)', async () => {
  const endpoint = await hungEndpoint();
  const store = createS3ArtifactStoreFromSettings({ endpoint, bucket: 'hung', requestTimeoutMs: 300, maxAttempts: 1 });
  const err = await failureOf(store.put('runs/r/x.json', new TextEncoder().encode('{}')));
  expect((err as Error).message).toBe(
    `S3 endpoint ${endpoint} did not answer PutObject s3://hung/ff/runs/r/x.json within requestTimeoutMs=300 (FF_S3_REQUEST_TIMEOUT_MS): the server accepted the connection but hung; check that FF_S3_ENDPOINT is a working S3 server, or raise FF_S3_REQUEST_TIMEOUT_MS for a slow link`,
  );
}, 60_000);

test('a host that never completes the TCP handshake fails within connectTimeoutMs', async () => {
  const endpoint = await blackholeEndpoint();
  const store = createS3ArtifactStoreFromSettings({ endpoint, bucket: 'dark', connectTimeoutMs: 300, maxAttempts: 1 });
  const err = await failureOf(store.get('datasets/a.jsonl'));
  expect(err).toBeInstanceOf(StorageUnavailableError);
  expect((err as Error).message).toBe(
    `S3 endpoint ${endpoint} did not accept a connection within connectTimeoutMs=300 (FF_S3_CONNECT_TIMEOUT_MS) for GetObject s3://dark/ff/datasets/a.jsonl: the server is down or unreachable; check FF_S3_ENDPOINT and the network`,
  );
}, 60_000);

test('a refused connection names the endpoint', async () => {
  const endpoint = await refusedEndpoint();
  const store = createS3ArtifactStoreFromSettings({ endpoint, bucket: 'down', maxAttempts: 1 });
  const err = await failureOf(store.head('a'));
  expect(err).toBeInstanceOf(StorageUnavailableError);
  expect((err as Error).message).toBe(
    `S3 endpoint ${endpoint} is unreachable (ECONNREFUSED) for HeadObject s3://down/ff/a: the server is down or FF_S3_ENDPOINT is wrong`,
  );
});

describe('an endpoint that is an HTTP server but not S3', () => {
  const fix =
    "which no S3 server sends: FF_S3_ENDPOINT points at another HTTP server (or a proxy in front of S3 fails); set it to the S3 server's URL";

  it('200 pages: a get never returns the page as data, a put never "succeeds"', async () => {
    const endpoint = await webPageEndpoint(200);
    const store = createS3ArtifactStoreFromSettings({ endpoint, bucket: 'web', maxAttempts: 1 });
    await expect(store.get('datasets/a.jsonl')).rejects.toThrow(
      `S3 endpoint ${endpoint} answered GetObject s3://web/ff/datasets/a.jsonl with a success without an ETag, ${fix}`,
    );
    await expect(store.put('runs/r/x', new Uint8Array([1]))).rejects.toThrow(
      `S3 endpoint ${endpoint} answered PutObject s3://web/ff/runs/r/x with a success without an ETag, ${fix}`,
    );
    await expect(store.list('runs/')).rejects.toThrow(
      `S3 endpoint ${endpoint} answered ListObjectsV2 s3://web/ff/runs/ with a listing of no bucket, ${fix}`,
    );
  });

  it('404 pages: a get is not reported as a missing artifact', async () => {
    const endpoint = await webPageEndpoint(404);
    const store = createS3ArtifactStoreFromSettings({ endpoint, bucket: 'web', maxAttempts: 1 });
    const err = await failureOf(store.get('datasets/a.jsonl'));
    expect(err).not.toBeInstanceOf(ArtifactNotFoundError);
    expect((err as Error).message).toBe(
      `S3 endpoint ${endpoint} answered GetObject s3://web/ff/datasets/a.jsonl with HTTP 404 without NoSuchKey, ${fix}`,
    );
  });

  it('5xx pages are retryable outages', async () => {
    const endpoint = await webPageEndpoint(502);
    const store = createS3ArtifactStoreFromSettings({ endpoint, bucket: 'web', maxAttempts: 1 });
    const err = await failureOf(store.head('a'));
    expect(err).toBeInstanceOf(StorageUnavailableError);
    expect((err as Error).message).toBe(
      `S3 endpoint ${endpoint} answered HeadObject s3://web/ff/a with HTTP 502 without an S3 error body, ${fix}`,
    );
  });
});

test('the real S3 server without the configured bucket: named, with the fix', async () => {
  const store = createS3ArtifactStoreFromSettings({
    endpoint: env.FF_S3_ENDPOINT,
    region: env.AWS_REGION,
    bucket: 'no-such-bucket-ff',
    maxAttempts: 1,
  });
  const err = await failureOf(store.get('datasets/a.jsonl'));
  expect(err).toBeInstanceOf(StorageUnavailableError);
  expect((err as Error).message).toBe(
    `S3 endpoint ${env.FF_S3_ENDPOINT} has no bucket "no-such-bucket-ff" (GetObject s3://no-such-bucket-ff/ff/datasets/a.jsonl): create the bucket or set FF_S3_BUCKET to an existing one (the local stack's is created by bash scripts/stack.sh start)`,
  );
  // Real S3 answers still work through the same checks: a missing key is still "not found".
  const real = createS3ArtifactStoreFromSettings({
    endpoint: env.FF_S3_ENDPOINT,
    region: env.AWS_REGION,
    bucket: env.FF_S3_BUCKET,
  });
  await expect(real.get(`tests/outage-${process.pid}/missing`)).rejects.toBeInstanceOf(ArtifactNotFoundError);
});
