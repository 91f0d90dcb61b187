import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { PayloadDecryptionError, type PayloadKeyring } from '../lib/security';

/** Metadata `encoding` of an encrypted payload (what the Web UI shows without a codec server). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key holding the id of the key that encrypted the payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const ProtoPayload = temporal.api.common.v1.Payload;
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

/**
 * Temporal PayloadCodec that encrypts every payload (workflow and activity
 * inputs and results, heartbeat details, memo, failure attributes when the
 * failure converter encodes them) with AES-256-GCM, so anyone with only
 * Temporal access (history, Web UI, `temporal workflow show`) sees ciphertext.
 *
 * Encoded form: the whole original Payload (metadata + data) serialised as
 * protobuf and sealed by the keyring; metadata `encoding: binary/encrypted`
 * and `encryption-key-id: <id>`. Decoding accepts any key the keyring knows
 * (rotation) and passes unencrypted payloads through unchanged, so histories
 * written before the codec was switched on stay readable.
 *
 * @throws PayloadDecryptionError on decode when the key id is unknown or the
 *   ciphertext fails authentication (tampered, or another key).
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly keyring: PayloadKeyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const sealed = this.keyring.seal(ProtoPayload.encode(payload).finish());
      return {
        metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(sealed.keyId) },
        data: sealed.data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
      const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
      if (!keyId)
        throw new PayloadDecryptionError(
          `encrypted payload has no "${KEY_ID_METADATA}" metadata; it was not written by this codec`,
        );
      const plain = this.keyring.open({ keyId, data: payload.data ?? new Uint8Array(0) });
      return ProtoPayload.decode(plain) as Payload;
    });
  }
}
