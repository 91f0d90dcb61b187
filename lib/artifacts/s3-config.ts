import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { S3ArtifactStore } from './s3-artifact-store';

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
});
export type S3SettingsInput = z.input<typeof S3SettingsSchema>;
export type S3Settings = z.infer<typeof S3SettingsSchema>;

/** Validates `settings` (throws zod's error naming the field) and builds a client + store. */
export function createS3ArtifactStoreFromSettings(settings: S3SettingsInput): S3ArtifactStore {
  const s = S3SettingsSchema.parse(settings);
  const client = new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle ?? s.endpoint !== undefined,
    maxAttempts: s.maxAttempts,
  });
  return new S3ArtifactStore({ client, bucket: s.bucket, prefix: s.prefix });
}
