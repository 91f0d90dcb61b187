import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256 key length in bytes. */
export const AES_256_KEY_BYTES = 32;
/** GCM nonce length (the NIST-recommended 96 bits). */
const IV_BYTES = 12;
/** GCM authentication tag length (the full 128 bits). */
const TAG_BYTES = 16;

/**
 * Decryption failed: the data was tampered with, truncated, encrypted with
 * another key, or the key id recorded beside it was altered. Never retry:
 * the same bytes and key fail the same way every time.
 */
export class PayloadDecryptionError extends Error {
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

function checkKey(key: Uint8Array): void {
  if (key.byteLength !== AES_256_KEY_BYTES) {
    throw new RangeError(`AES-256-GCM needs a ${AES_256_KEY_BYTES}-byte key (got ${key.byteLength} bytes)`);
  }
}

/**
 * Encrypts `plaintext` with AES-256-GCM under `key`, binding `aad` (e.g. the
 * key id) as additional authenticated data. Output: `iv (12) || ciphertext ||
 * tag (16)`, with a fresh random IV per call, so equal plaintexts give
 * different ciphertexts. Random IVs are safe for up to ~2^32 messages per key:
 * rotate keys well before that.
 */
export function encryptAesGcm(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Uint8Array {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, body, cipher.getAuthTag()]));
}

/**
 * Inverse of {@link encryptAesGcm}; verifies the tag before returning anything.
 * @throws PayloadDecryptionError when the data is too short, tampered, or was
 *   encrypted under another key or `aad`.
 */
export function decryptAesGcm(key: Uint8Array, data: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Uint8Array {
  checkKey(key);
  if (data.byteLength < IV_BYTES + TAG_BYTES) {
    throw new PayloadDecryptionError(
      `encrypted data is ${data.byteLength} bytes, shorter than IV + tag (${IV_BYTES + TAG_BYTES}); it was truncated or is not AES-GCM output`,
    );
  }
  const iv = data.subarray(0, IV_BYTES);
  const tag = data.subarray(data.byteLength - TAG_BYTES);
  const body = data.subarray(IV_BYTES, data.byteLength - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
  } catch {
    throw new PayloadDecryptionError(
      'encrypted data failed authentication: it was tampered with, or encrypted with another key',
    );
  }
}
