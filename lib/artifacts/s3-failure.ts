import { StorageUnavailableError } from '../core/errors';

/** Where the store talks to and how long it waits: what an outage message names. */
export interface S3Target {
  /** `FF_S3_ENDPOINT`, or undefined for AWS itself (then the region is named). */
  endpoint?: string;
  region?: string;
  bucket: string;
  /** Connect timeout in ms (`connectTimeoutMs`, env `FF_S3_CONNECT_TIMEOUT_MS`); 0 = none. */
  connectTimeoutMs: number;
  /** Request timeout in ms (`requestTimeoutMs`, env `FF_S3_REQUEST_TIMEOUT_MS`); 0 = none. */
  requestTimeoutMs: number;
}

interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number; requestId?: string };
}

/** Node socket errors that mean "no S3 server to talk to", not "S3 said no". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * Turns an SDK failure that means "the S3 server is unreachable, hung or misconfigured"
 * into a {@link StorageUnavailableError} (retryable) whose message names the endpoint,
 * the operation and the setting to check; returns undefined for every other error (an
 * S3 answer such as 404 or 403 is the caller's to interpret).
 *
 * @param what e.g. `GetObject s3://bucket/prefix/key`
 */
export function describeS3Failure(
  err: unknown,
  target: S3Target,
  what: string,
  /** Whether a 404 can only mean "not S3" (PutObject, ListObjectsV2: S3 names a missing bucket NoSuchBucket). */
  bare404IsForeign = false,
): StorageUnavailableError | undefined {
  const e = (err ?? {}) as SdkError;
  const where = target.endpoint ? `S3 endpoint ${target.endpoint}` : `S3 (AWS, region ${target.region ?? 'default'})`;
  const attempts = e.$metadata?.attempts && e.$metadata.attempts > 1 ? `, ${e.$metadata.attempts} attempts` : '';
  const details = { endpoint: target.endpoint, bucket: target.bucket, operation: what, cause: e.message };
  const message = e.message ?? '';
  if (e.name === 'NoSuchBucket' || e.Code === 'NoSuchBucket') {
    return new StorageUnavailableError(
      `${where} has no bucket "${target.bucket}" (${what}): create the bucket or set FF_S3_BUCKET to an existing one (the local stack's is created by bash scripts/stack.sh start)`,
      details,
    );
  }
  if (e.name === 'TimeoutError' && /did not establish a connection/.test(message)) {
    return new StorageUnavailableError(
      `${where} did not accept a connection within connectTimeoutMs=${target.connectTimeoutMs} (FF_S3_CONNECT_TIMEOUT_MS${attempts}) for ${what}: the server is down or unreachable; check FF_S3_ENDPOINT and the network`,
      details,
    );
  }
  if (e.name === 'TimeoutError') {
    return new StorageUnavailableError(
      `${where} did not answer ${what} within requestTimeoutMs=${target.requestTimeoutMs} (FF_S3_REQUEST_TIMEOUT_MS${attempts}): the server accepted the connection but hung; check that FF_S3_ENDPOINT is a working S3 server, or raise FF_S3_REQUEST_TIMEOUT_MS for a slow link`,
      details,
    );
  }
  const code = e.code ?? (/\b(E[A-Z_]{3,})\b/.exec(message)?.[1] as string | undefined);
  if (code && UNREACHABLE_CODES.has(code)) {
    return new StorageUnavailableError(
      `${where} is unreachable (${code}${attempts}) for ${what}: the server is down or FF_S3_ENDPOINT is wrong`,
      details,
    );
  }
  const status = e.$metadata?.httpStatusCode;
  const foreign = status !== undefined && (status !== 404 || bare404IsForeign);
  if (message === 'UnknownError' && foreign && !e.$metadata?.requestId) {
    return notAnS3Server(target, what, `HTTP ${status} without an S3 error body`);
  }
  return undefined;
}

/**
 * The error for an endpoint whose answer no S3 server gives (a success without an ETag, a
 * list without the bucket's name, a 404 without `NoSuchKey`): FF_S3_ENDPOINT points at
 * some other HTTP server (a proxy's error page, a web server), which may even have
 * "accepted" a write without storing it.
 */
export function notAnS3Server(target: S3Target, what: string, answer: string): StorageUnavailableError {
  const where = target.endpoint ? `S3 endpoint ${target.endpoint}` : `S3 (AWS, region ${target.region ?? 'default'})`;
  return new StorageUnavailableError(
    `${where} answered ${what} with ${answer}, which no S3 server sends: FF_S3_ENDPOINT points at another HTTP server (or a proxy in front of S3 fails); set it to the S3 server's URL`,
    { endpoint: target.endpoint, bucket: target.bucket, operation: what },
  );
}
