import { ArtifactAccessError } from '../core/errors';

/**
 * Shared key rules for every ArtifactStore, so all stores reject the same keys with the
 * same message. A key is a relative, '/'-separated path:
 * - not empty, no leading '/', no backslash, no NUL;
 * - no empty segment ('a//b', trailing '/'), no '.' or '..' segment.
 *
 * Throws `ArtifactAccessError` naming the key and the rule it breaks (not retryable: the
 * same key fails the same way every time). Returns the key unchanged, for chaining.
 */
export function validateKey(key: string): string {
  const fail = (rule: string): never => {
    throw new ArtifactAccessError(`invalid artifact key ${JSON.stringify(key)}: ${rule}`, { key, rule });
  };
  if (typeof key !== 'string' || key.length === 0) fail('key must be a non-empty string');
  if (key.startsWith('/')) fail("key must be relative (no leading '/')");
  if (key.includes('\\')) fail("key must use '/' separators (no backslashes)");
  if (key.includes('\0')) fail('key must not contain NUL characters');
  for (const segment of key.split('/')) {
    if (segment === '') fail("key must not contain empty segments ('//' or a trailing '/')");
    if (segment === '..') fail("key must not contain '..' segments");
    if (segment === '.') fail("key must not contain '.' segments");
  }
  return key;
}

/**
 * Validates a `list` prefix: the empty string (everything) or a string-prefix of keys
 * (S3 semantics: 'runs/a' matches 'runs/a/x' and 'runs/ab'; pass 'runs/a/' for a folder).
 * Same rules as keys, except that a single trailing '/' and a partial last segment are allowed.
 */
export function validatePrefix(prefix: string): string {
  if (prefix === '') return prefix;
  validateKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

/** Byte-order comparison of keys (what S3 ListObjectsV2 uses), so every store sorts alike. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
