import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { ArtifactKind, ArtifactRef } from '../core/artifact-ref';
import { ArtifactAccessError, ArtifactIntegrityError, DataError } from '../core/errors';
import type { ArtifactStore } from './artifact-store';
import { validateKey } from './validate-key';
import { runSegmentProblem } from '../core/run-id';

export interface PutArtifactInput {
  /** Folder of the run, e.g. `runs/<runId>`; a valid key (no leading/trailing '/'). */
  runPrefix: string;
  kind: ArtifactKind;
  body: Uint8Array;
  /** File extension without the dot (`json`, `bin`, `tar.gz`); defaults to `bin`. */
  ext?: string;
  contentType?: string;
}

/** Lowercase hex sha256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Stores `body` at `<runPrefix>/<kind>/<sha256>.<ext>` and returns its reference.
 *
 * Idempotent, so a retried activity never duplicates or corrupts an artifact: if an
 * object of the same size already sits at the content address it is not rewritten; an
 * object of another size there (tampered or foreign) is replaced by the right bytes.
 */
export async function putArtifact(store: ArtifactStore, input: PutArtifactInput): Promise<ArtifactRef> {
  validateKey(input.runPrefix);
  const badRun = runSegmentProblem(input.runPrefix);
  if (badRun) throw new ArtifactAccessError(badRun, { runPrefix: input.runPrefix });
  const ext = input.ext ?? 'bin';
  if (!/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/.test(ext)) {
    throw new ArtifactAccessError(
      `invalid artifact extension ${JSON.stringify(ext)}: use letters/digits, e.g. 'json'`,
      {
        ext,
      },
    );
  }
  const sha256 = sha256Hex(input.body);
  const key = `${input.runPrefix}/${input.kind}/${sha256}.${ext}`;
  const existing = await store.head(key);
  if (existing?.bytes !== input.body.byteLength) {
    await store.put(key, input.body, { contentType: input.contentType });
  }
  return { uri: store.uriFor(key), sha256, bytes: input.body.byteLength, kind: input.kind };
}

/**
 * Reads the bytes `ref` points at and verifies size and sha256.
 * Throws `ArtifactNotFoundError` if missing, `ArtifactAccessError` if `ref.uri` belongs to
 * another store, `ArtifactIntegrityError` (retryable) if the bytes do not match the ref.
 */
export async function readArtifact(store: ArtifactStore, ref: ArtifactRef): Promise<Uint8Array> {
  const bytes = await store.get(store.keyFor(ref.uri));
  if (bytes.byteLength !== ref.bytes) {
    throw new ArtifactIntegrityError(
      `artifact ${ref.uri} has ${bytes.byteLength} bytes, its reference says ${ref.bytes}`,
      { uri: ref.uri, expectedBytes: ref.bytes, actualBytes: bytes.byteLength },
    );
  }
  const actual = sha256Hex(bytes);
  if (actual !== ref.sha256) {
    throw new ArtifactIntegrityError(`artifact ${ref.uri} has sha256 ${actual}, its reference says ${ref.sha256}`, {
      uri: ref.uri,
      expectedSha256: ref.sha256,
      actualSha256: actual,
    });
  }
  return bytes;
}

export interface PutJsonArtifactInput {
  runPrefix: string;
  kind: ArtifactKind;
  value: unknown;
}

/**
 * Stores `value` as canonical JSON (object keys sorted, 2-space indent), so equal values
 * always hash to the same content address whatever their key insertion order.
 */
export async function putJsonArtifact(store: ArtifactStore, input: PutJsonArtifactInput): Promise<ArtifactRef> {
  const body = new TextEncoder().encode(`${JSON.stringify(canonicalize(input.value), null, 2)}\n`);
  return putArtifact(store, {
    runPrefix: input.runPrefix,
    kind: input.kind,
    body,
    ext: 'json',
    contentType: 'application/json',
  });
}

/**
 * Reads and verifies a JSON artifact; validates it with `schema` when given. Bytes that
 * verify but do not parse or validate are a `DataError` (not retryable: a re-read gives
 * the same bytes).
 */
export async function readJsonArtifact<T = unknown>(
  store: ArtifactStore,
  ref: ArtifactRef,
  schema?: z.ZodType<T>,
): Promise<T> {
  const text = new TextDecoder().decode(await readArtifact(store, ref));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DataError(`artifact ${ref.uri} is not valid JSON: ${(err as Error).message}`, { uri: ref.uri });
  }
  if (!schema) return value as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DataError(`artifact ${ref.uri} does not match its schema: ${parsed.error.message}`, { uri: ref.uri });
  }
  return parsed.data;
}

function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalize);
  if (value !== null && typeof value === 'object' && (value as object).constructor === Object) {
    const obj = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(obj)
        .sort()
        .map((k) => [k, canonicalize(obj[k])]),
    );
  }
  return value;
}
