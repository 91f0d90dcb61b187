import { DeleteObjectsCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { randomBytes, randomUUID } from 'node:crypto';
import { S3ArtifactStore } from '../../../lib/artifacts/s3-artifact-store';
import { createS3ArtifactStoreFromSettings, S3SettingsSchema } from '../../../lib/artifacts/s3-config';
import { putArtifact, readArtifact, sha256Hex } from '../../../lib/artifacts/content-addressed';
import { ArtifactAccessError, ArtifactNotFoundError } from '../../../lib/core/errors';
import { describeArtifactStoreContract } from '../../helpers/artifact-store-contract';
import { applyStackEnv } from '../../helpers/stack-env';

// Credentials reach the SDK only through the standard chain (env), as in production.
const env = applyStackEnv();
const client = new S3Client({ endpoint: env.FF_S3_ENDPOINT, region: env.AWS_REGION, forcePathStyle: true });
const runId = `test-${Date.now()}-${randomUUID().slice(0, 8)}`;

/** Removes every object under `prefix/` (tests isolate themselves by unique prefixes). */
async function deletePrefix(prefix: string): Promise<void> {
  let token: string | undefined;
  do {
    const out = await client.send(
      new ListObjectsV2Command({ Bucket: env.FF_S3_BUCKET, Prefix: `${prefix}/`, ContinuationToken: token }),
    );
    const objects = (out.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (objects.length > 0) {
      await client.send(new DeleteObjectsCommand({ Bucket: env.FF_S3_BUCKET, Delete: { Objects: objects } }));
    }
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
}

afterAll(() => client.destroy());

let seq = 0;
describeArtifactStoreContract('S3ArtifactStore (real S3 server from scripts/stack.sh)', async () => {
  const prefix = `${env.FF_S3_PREFIX}/tests/${runId}/${++seq}`;
  const store = new S3ArtifactStore({ client, bucket: env.FF_S3_BUCKET, prefix });
  return {
    store,
    foreignUris: [
      `s3://other-bucket/${prefix}/a`,
      `s3://${env.FF_S3_BUCKET}/${prefix}-x/a`,
      `s3://${env.FF_S3_BUCKET}/a`,
      `file:///${prefix}/a`,
    ],
    cleanup: () => deletePrefix(prefix),
  };
});

describe('S3ArtifactStore specifics', () => {
  const prefix = `${env.FF_S3_PREFIX}/tests/${runId}/specifics`;
  afterAll(() => deletePrefix(prefix));

  it('uploads objects above 16 MiB with multipart and reads them back intact', async () => {
    const store = new S3ArtifactStore({ client, bucket: env.FF_S3_BUCKET, prefix });
    const body = new Uint8Array(randomBytes(16 * 1024 * 1024 + 123_457));
    const ref = await putArtifact(store, { runPrefix: 'runs/mp', kind: 'checkpoint', body });
    expect(ref.uri).toBe(`s3://${env.FF_S3_BUCKET}/${prefix}/runs/mp/checkpoint/${ref.sha256}.bin`);
    expect(await store.head(store.keyFor(ref.uri))).toEqual({ bytes: body.byteLength });
    // A multipart object's ETag is "<md5 of part md5s>-<part count>".
    const head = await client.send(
      new HeadObjectCommand({ Bucket: env.FF_S3_BUCKET, Key: `${prefix}/${store.keyFor(ref.uri)}` }),
    );
    expect(head.ETag).toMatch(/-\d+"?$/);
    expect(sha256Hex(await readArtifact(store, ref))).toBe(sha256Hex(body));
  }, 120_000);

  it('works when built from settings, with credentials from the environment only', async () => {
    const store = createS3ArtifactStoreFromSettings({
      endpoint: env.FF_S3_ENDPOINT,
      region: env.AWS_REGION,
      bucket: env.FF_S3_BUCKET,
      prefix,
    });
    await store.put('settings/x', new TextEncoder().encode('x'));
    expect(await store.list('settings/')).toEqual(['settings/x']);
    await expect(store.get('settings/missing')).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it('rejects credentials in settings and URIs of other buckets', () => {
    expect(() => S3SettingsSchema.parse({ bucket: env.FF_S3_BUCKET, secretAccessKey: 'nope' } as unknown)).toThrow(
      /secretAccessKey/,
    );
    const store = new S3ArtifactStore({ client, bucket: env.FF_S3_BUCKET, prefix });
    expect(() => store.keyFor(`s3://elsewhere/${prefix}/k`)).toThrow(ArtifactAccessError);
    expect(() => store.keyFor(`s3://${env.FF_S3_BUCKET}/${prefix}/../k`)).toThrow(ArtifactAccessError);
  });

  it('lets infrastructure errors propagate (not mapped to domain errors)', async () => {
    const dead = new S3Client({
      endpoint: 'http://127.0.0.1:1',
      region: env.AWS_REGION,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    const store = new S3ArtifactStore({ client: dead, bucket: env.FF_S3_BUCKET, prefix });
    const err = await store.get('a').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ArtifactNotFoundError);
    expect(err).toBeInstanceOf(Error);
    dead.destroy();
  });
});
