import { AES_256_KEY_BYTES, decryptAesGcm, encryptAesGcm, PayloadDecryptionError } from './aes-gcm';

/** One named AES-256 key. The id is recorded beside every ciphertext so keys can rotate. */
export interface PayloadKey {
  id: string;
  key: Uint8Array;
}

/** Encrypted bytes and the id of the key that sealed them. */
export interface SealedBytes {
  keyId: string;
  data: Uint8Array;
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Parses a base64 key and its id, e.g. from the environment. `what` names the
 * setting in error messages (e.g. "FF_PAYLOAD_KEY").
 * @throws RangeError naming the setting when the id is not a short token or the
 *   key does not decode to exactly 32 bytes (e.g. `openssl rand -base64 32`).
 */
export function parsePayloadKey(id: string, base64: string, what = 'payload key'): PayloadKey {
  if (!KEY_ID.test(id))
    throw new RangeError(`${what}: key id ${JSON.stringify(id)} must be 1-64 letters, digits, '.', '_' or '-'`);
  const trimmed = base64.trim();
  const key = new Uint8Array(Buffer.from(trimmed, 'base64'));
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.byteLength !== AES_256_KEY_BYTES) {
    throw new RangeError(
      `${what} must be base64 of exactly ${AES_256_KEY_BYTES} random bytes (got ${key.byteLength} bytes); generate one with: openssl rand -base64 32`,
    );
  }
  return { id, key };
}

/**
 * The keys of one process: `current` encrypts; `current` and every `previous`
 * key decrypt, so payloads written before a rotation stay readable. The key id
 * is authenticated data: altering the id recorded beside a ciphertext makes
 * decryption fail instead of trying another key.
 */
export class PayloadKeyring {
  private readonly keys = new Map<string, Uint8Array>();

  constructor(
    readonly current: PayloadKey,
    previous: readonly PayloadKey[] = [],
  ) {
    for (const k of [current, ...previous]) {
      const existing = this.keys.get(k.id);
      if (existing && Buffer.compare(Buffer.from(existing), Buffer.from(k.key)) !== 0) {
        throw new RangeError(`payload key id "${k.id}" is used for two different keys; give every key its own id`);
      }
      this.keys.set(k.id, k.key);
    }
  }

  /** Ids this keyring can decrypt, current first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** Encrypts under the current key. */
  seal(plaintext: Uint8Array): SealedBytes {
    const { id, key } = this.current;
    return { keyId: id, data: encryptAesGcm(key, plaintext, new TextEncoder().encode(id)) };
  }

  /**
   * Decrypts bytes sealed under any known key.
   * @throws PayloadDecryptionError naming the unknown key id, or when the data fails authentication.
   */
  open(sealed: SealedBytes): Uint8Array {
    const key = this.keys.get(sealed.keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        `payload was encrypted with key id "${sealed.keyId}", which this process does not have (known: ${this.keyIds.join(', ')}); add that key to the decryption keys`,
      );
    }
    return decryptAesGcm(key, sealed.data, new TextEncoder().encode(sealed.keyId));
  }
}
