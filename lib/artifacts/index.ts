export type { ArtifactStore } from './artifact-store';
export { validateKey, validatePrefix, compareKeys } from './validate-key';
export { MemoryArtifactStore } from './memory-artifact-store';
export { FsArtifactStore } from './fs-artifact-store';
export { S3ArtifactStore, MULTIPART_THRESHOLD_BYTES, type S3ArtifactStoreOptions } from './s3-artifact-store';
export { S3SettingsSchema, createS3ArtifactStoreFromSettings, type S3Settings, type S3SettingsInput } from './s3-config';
export {
  putArtifact,
  readArtifact,
  putJsonArtifact,
  readJsonArtifact,
  sha256Hex,
  type PutArtifactInput,
  type PutJsonArtifactInput,
} from './content-addressed';
