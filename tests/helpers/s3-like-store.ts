import { MemoryArtifactStore } from '../../lib/artifacts/memory-artifact-store';
import { ArtifactAccessError } from '../../lib/core/errors';

/** A memory store addressed by s3:// URIs, as the S3 store of a worker is. */
export class S3LikeMemoryStore extends MemoryArtifactStore {
  override uriFor(key: string): string {
    return `s3://test-bucket/${key}`;
  }
  override keyFor(uri: string): string {
    if (!uri.startsWith('s3://test-bucket/')) throw new ArtifactAccessError(`${uri} is outside s3://test-bucket/`);
    return uri.slice('s3://test-bucket/'.length);
  }
}
