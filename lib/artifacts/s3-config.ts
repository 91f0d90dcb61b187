import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { S3ArtifactStore } from './s3-artifact-store';

/** Default `connectTimeoutMs`: 5 s (a healthy endpoint connects in milliseconds). */
export const DEFAULT_S3_CONNECT_TIMEOUT_MS = 5_000;
/** Default `requestTimeoutMs`: 2 minutes without an answer (16 MiB at ~150 KB/s). */
export const DEFAULT_S3_REQUEST_TIMEOUT_MS = 120_000;

/**
 * Where artifacts live in S3. Deliberately has no credential fields: credentials come only
 * from the standard AWS credential chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, shared
 * config/profile, instance or pod roles), so they never land in experiment configs,
 * workflow inputs or Temporal history. Unknown fields (e.g. `secretAccessKey`) are rejected.
 */
export const S3SettingsSchema = z.strictObject({
  /** Custom endpoint for S3-compatible servers, e.g. `http://127.0.0.1:9000`; omit for AWS. */
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  region: z.string().min(1).default('us-east-1'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'bucket must be a valid S3 bucket name'),
  /** Key prefix inside the bucket (no leading/trailing '/'), e.g. `ff`. */
  prefix: z
    .string()
    .regex(/^([^/\\]+(\/[^/\\]+)*)?$/, "prefix must be '/'-separated segments without leading/trailing '/'")
    .refine((p) => !p.split('/').includes('..'), "prefix must not contain '..'")
    .default('ff'),
  /** Path-style URLs (`endpoint/bucket/key`); defaults to true when `endpoint` is set. */
  forcePathStyle: z.boolean().optional(),
  /** SDK retry attempts for transient errors, on top of Temporal activity retries. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /**
   * How long opening a TCP connection may take (env `FF_S3_CONNECT_TIMEOUT_MS`); 0 = no limit.
   * Bounds a down or firewalled endpoint.
   */
  connectTimeoutMs: z.number().int().min(0).max(600_000).default(DEFAULT_S3_CONNECT_TIMEOUT_MS),
  /**
   * How long one request may wait for the response to start, and then for each next byte
   * of it (env `FF_S3_REQUEST_TIMEOUT_MS`); 0 = no limit. Bounds a server that accepted the
   * connection and hung. One request carries at most 16 MiB (larger objects go in 8 MiB
   * multipart parts), so the default suits multi-GB objects on any link above ~150 KB/s.
   */
  requestTimeoutMs: z.number().int().min(0).max(3_600_000).default(DEFAULT_S3_REQUEST_TIMEOUT_MS),
});
export type S3SettingsInput = z.input<typeof S3SettingsSchema>;
export type S3Settings = z.infer<typeof S3SettingsSchema>;

/**
 * Validates `settings` (throws zod's error naming the field) and builds a client + store.
 * The client's Node HTTP handler gets the connect and request timeouts, so a down or hung
 * server fails a call (as a retryable `StorageUnavailableError` naming the endpoint and the
 * setting) instead of blocking an activity until Temporal's own timeouts.
 */
export function createS3ArtifactStoreFromSettings(settings: S3SettingsInput): S3ArtifactStore {
  const s = S3SettingsSchema.parse(settings);
  const client = new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle ?? s.endpoint !== undefined,
    maxAttempts: s.maxAttempts,
    // NodeHttpHandler options: requestTimeout counts until the response starts (and only
    // throws with throwOnRequestTimeout); socketTimeout bounds a stall inside a body.
    requestHandler: {
      connectionTimeout: s.connectTimeoutMs,
      requestTimeout: s.requestTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: s.requestTimeoutMs,
    },
  });
  const target = {
    endpoint: s.endpoint,
    region: s.region,
    connectTimeoutMs: s.connectTimeoutMs,
    requestTimeoutMs: s.requestTimeoutMs,
  };
  return new S3ArtifactStore({ client, bucket: s.bucket, prefix: s.prefix, target });
}
