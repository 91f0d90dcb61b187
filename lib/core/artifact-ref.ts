import { z } from 'zod';

/** What an artifact holds; also the folder it lives in under a run's prefix. */
export const ArtifactKindSchema = z.enum([
  'dataset',
  'quarantine',
  'checkpoint',
  'model',
  'predictions',
  'metrics',
  'report',
  'summary',
  'manifest',
]);
export type ArtifactKind = z.infer<typeof ArtifactKindSchema>;

/**
 * The only thing that crosses Temporal payloads for data: a pointer to immutable,
 * content-addressed bytes. `uri` is store-specific (`s3://bucket/prefix/key`,
 * `file:///abs/root/key`, `mem://name/key`); `sha256` is hex of the bytes.
 */
export const ArtifactRefSchema = z.object({
  uri: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex characters'),
  bytes: z.number().int().nonnegative(),
  kind: ArtifactKindSchema,
});
export type ArtifactRef = z.infer<typeof ArtifactRefSchema>;
