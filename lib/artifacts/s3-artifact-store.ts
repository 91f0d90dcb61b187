import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ArtifactAccessError, ArtifactNotFoundError } from '../core/errors';
import type { ArtifactStore } from './artifact-store';
import { describeS3Failure, notAnS3Server, type S3Target } from './s3-failure';
import { compareKeys, validateKey, validatePrefix } from './validate-key';

/** Objects larger than this go through a multipart upload (lib-storage `Upload`). */
export const MULTIPART_THRESHOLD_BYTES = 16 * 1024 * 1024;
/** Part size for multipart uploads (S3 minimum is 5 MiB; 10,000 parts max => ~80 GiB objects). */
const MULTIPART_PART_BYTES = 8 * 1024 * 1024;

export interface S3ArtifactStoreOptions {
  /** A configured client; path-style addressing is the caller's choice (local endpoints need it). */
  client: S3Client;
  bucket: string;
  /** Key prefix inside the bucket, without leading or trailing '/'; '' for the bucket root. */
  prefix: string;
  /** What outage messages name: the endpoint and the client's timeouts (see {@link describeS3Failure}). */
  target?: Omit<S3Target, 'bucket'>;
}

/**
 * The real ArtifactStore: S3 (or any S3-compatible server). URIs are
 * `s3://<bucket>/<prefix>/<key>`. Single PUTs and completed multipart uploads are atomic
 * in S3, which gives the `put` atomicity contract.
 *
 * Errors: a missing object is `ArtifactNotFoundError`; a bad key or a URI of another
 * bucket/prefix is `ArtifactAccessError`; an unreachable, hung or bucket-less server is
 * `StorageUnavailableError` (retryable, naming endpoint and timeout setting); everything
 * else (5xx, throttling, credentials) propagates unchanged, because Temporal retry
 * policies should retry it.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly uriPrefix: string;
  private readonly target: S3Target;

  constructor(options: S3ArtifactStoreOptions) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(options.bucket)) {
      throw new ArtifactAccessError(`invalid S3 bucket name ${JSON.stringify(options.bucket)}`, {
        bucket: options.bucket,
      });
    }
    const prefix = options.prefix.replace(/^\/+|\/+$/g, '');
    if (prefix) validateKey(prefix);
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = prefix;
    this.uriPrefix = `s3://${this.bucket}/${prefix ? `${prefix}/` : ''}`;
    this.target = { connectTimeoutMs: 0, requestTimeoutMs: 0, ...options.target, bucket: this.bucket };
  }

  async put(key: string, body: Uint8Array, options?: { contentType?: string }): Promise<void> {
    const params = { Bucket: this.bucket, Key: this.objectKey(key), Body: body, ContentType: options?.contentType };
    if (body.byteLength > MULTIPART_THRESHOLD_BYTES) {
      const upload = new Upload({
        client: this.client,
        params,
        partSize: MULTIPART_PART_BYTES,
        queueSize: 4,
        leavePartsOnError: false, // abort the multipart upload so no orphan parts are billed
      });
      await this.mapped(`multipart PutObject ${this.uriFor(key)}`, () => upload.done());
      return;
    }
    const what = `PutObject ${this.uriFor(key)}`;
    const out = await this.mapped(
      what,
      () => this.client.send(new PutObjectCommand({ ...params, ContentLength: body.byteLength })),
      true,
    );
    if (!out.ETag) throw notAnS3Server(this.target, what, 'a success without an ETag');
  }

  async get(key: string): Promise<Uint8Array> {
    const what = `GetObject ${this.uriFor(key)}`;
    try {
      return await this.mapped(what, async () => {
        const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
        if (!out.ETag) throw notAnS3Server(this.target, what, 'a success without an ETag');
        return out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
      });
    } catch (err) {
      // Every S3 server names a missing key NoSuchKey; a bare 404 comes from something else.
      if (isNotFound(err) && !isNoSuchKey(err)) throw notAnS3Server(this.target, what, 'HTTP 404 without NoSuchKey');
      if (isNotFound(err)) throw new ArtifactNotFoundError(`artifact not found: ${this.uriFor(key)}`, { key });
      throw err;
    }
  }

  async head(key: string): Promise<{ bytes: number } | null> {
    try {
      const out = await this.mapped(`HeadObject ${this.uriFor(key)}`, () =>
        this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })),
      );
      if (!out.ETag) throw notAnS3Server(this.target, `HeadObject ${this.uriFor(key)}`, 'a success without an ETag');
      return { bytes: out.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async list(prefix: string): Promise<string[]> {
    validatePrefix(prefix);
    const base = this.prefix ? `${this.prefix}/` : '';
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.mapped(
        `ListObjectsV2 ${this.uriPrefix}${prefix}`,
        () =>
          this.client.send(
            new ListObjectsV2Command({ Bucket: this.bucket, Prefix: base + prefix, ContinuationToken: token }),
          ),
        true,
      );
      if (out.Name !== this.bucket) {
        throw notAnS3Server(this.target, `ListObjectsV2 ${this.uriPrefix}${prefix}`, 'a listing of no bucket');
      }
      for (const obj of out.Contents ?? []) {
        if (obj.Key?.startsWith(base)) keys.push(obj.Key.slice(base.length));
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort(compareKeys);
  }

  async delete(key: string): Promise<void> {
    try {
      await this.mapped(`DeleteObject ${this.uriFor(key)}`, () =>
        this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) })),
      );
    } catch (err) {
      if (!isNotFound(err)) throw err; // S3 answers 204 for a missing key; some servers 404
    }
  }

  uriFor(key: string): string {
    return this.uriPrefix + validateKey(key);
  }

  keyFor(uri: string): string {
    if (!uri.startsWith(this.uriPrefix)) {
      throw new ArtifactAccessError(`URI ${uri} is outside this store (${this.uriPrefix})`, { uri });
    }
    return validateKey(uri.slice(this.uriPrefix.length));
  }

  /** Runs `call`; an unreachable, hung or bucket-less server becomes a StorageUnavailableError naming `what`. */
  private async mapped<T>(what: string, call: () => Promise<T>, bare404IsForeign = false): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw describeS3Failure(err, this.target, what, bare404IsForeign) ?? err;
    }
  }

  private objectKey(key: string): string {
    validateKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }
}

function isNoSuchKey(err: unknown): boolean {
  const e = err as { name?: string; Code?: string } | undefined;
  return e?.name === 'NoSuchKey' || e?.Code === 'NoSuchKey';
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  // A missing bucket is a deployment problem, not a missing artifact: let it propagate.
  if (e?.name === 'NoSuchBucket' || e?.Code === 'NoSuchBucket') return false;
  return (
    e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.Code === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404
  );
}
