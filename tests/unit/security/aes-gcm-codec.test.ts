import { randomBytes } from 'node:crypto';
import { DefaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  decryptAesGcm,
  encryptAesGcm,
  parsePayloadKey,
  PayloadDecryptionError,
  PayloadKeyring,
} from '../../../lib/security';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../../workers/payload-codec';
import { payloadKeyringFromEnv } from '../../../workers/payload-codec-env';

const key = (id: string) => ({ id, key: new Uint8Array(randomBytes(32)) });
const enc = (s: string) => new TextEncoder().encode(s);
const converter = new DefaultPayloadConverter();
const secretConfig = { config: { name: 'secret-run', search: { space: { learningRate: { low: 0.0123456 } } } } };

describe('AES-256-GCM bytes', () => {
  const k = key('k1').key;

  it('round-trips, with a fresh IV per call', () => {
    const plain = enc('hyperparameters and data samples');
    const a = encryptAesGcm(k, plain);
    const b = encryptAesGcm(k, plain);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(new TextDecoder().decode(decryptAesGcm(k, a))).toBe('hyperparameters and data samples');
    expect(a.byteLength).toBe(plain.byteLength + 12 + 16);
  });

  it('fails clearly with the wrong key, tampered bytes, truncated data or other AAD', () => {
    const sealed = encryptAesGcm(k, enc('x'.repeat(100)), enc('k1'));
    expect(() => decryptAesGcm(key('k2').key, sealed, enc('k1'))).toThrow(/failed authentication/);
    const tampered = Uint8Array.from(sealed);
    tampered[20] ^= 0x01;
    expect(() => decryptAesGcm(k, tampered, enc('k1'))).toThrow(PayloadDecryptionError);
    expect(() => decryptAesGcm(k, sealed.subarray(0, 20), enc('k1'))).toThrow(/shorter than IV \+ tag/);
    expect(() => decryptAesGcm(k, sealed, enc('k2'))).toThrow(/failed authentication/);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => encryptAesGcm(new Uint8Array(16), enc('x'))).toThrow(/32-byte key/);
    expect(() => parsePayloadKey('k', Buffer.alloc(16).toString('base64'), 'FF_PAYLOAD_KEY')).toThrow(
      /FF_PAYLOAD_KEY must be base64 of exactly 32/,
    );
    expect(() => parsePayloadKey('bad id!', Buffer.alloc(32).toString('base64'))).toThrow(/key id/);
  });
});

describe('AesGcmPayloadCodec', () => {
  const k1 = key('2026-10');
  const k2 = key('2026-11');

  it('encrypts every payload: no plaintext fragment survives, key id recorded', async () => {
    const codec = new AesGcmPayloadCodec(new PayloadKeyring(k1));
    const [encoded] = await codec.encode([converter.toPayload(secretConfig)]);
    expect(new TextDecoder().decode(encoded.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(new TextDecoder().decode(encoded.metadata![KEY_ID_METADATA])).toBe('2026-10');
    const raw = Buffer.from(encoded.data!);
    for (const fragment of ['secret-run', '0.0123456', 'learningRate', 'json/plain'])
      expect(raw.includes(fragment)).toBe(false);
    const [decoded] = await codec.decode([encoded]);
    expect(converter.fromPayload(decoded)).toEqual(secretConfig);
  });

  it('decrypts payloads of a previous key after rotation, and passes plain payloads through', async () => {
    const [old] = await new AesGcmPayloadCodec(new PayloadKeyring(k1)).encode([converter.toPayload(1)]);
    const rotated = new AesGcmPayloadCodec(new PayloadKeyring(k2, [k1]));
    const plain = converter.toPayload('not encrypted');
    const [a, b] = await rotated.decode([old, plain]);
    expect(converter.fromPayload(a)).toBe(1);
    expect(converter.fromPayload(b)).toBe('not encrypted');
    const [fresh] = await rotated.encode([converter.toPayload(2)]);
    expect(new TextDecoder().decode(fresh.metadata![KEY_ID_METADATA])).toBe('2026-11');
  });

  it('fails clearly for an unknown key id, a wrong key and tampered ciphertext', async () => {
    const [sealed] = await new AesGcmPayloadCodec(new PayloadKeyring(k1)).encode([converter.toPayload(secretConfig)]);
    await expect(new AesGcmPayloadCodec(new PayloadKeyring(k2)).decode([sealed])).rejects.toThrow(
      /key id "2026-10", which this process does not have \(known: 2026-11\)/,
    );
    const impostor = new AesGcmPayloadCodec(new PayloadKeyring({ id: '2026-10', key: k2.key }));
    await expect(impostor.decode([sealed])).rejects.toThrow(/failed authentication/);
    const tampered: Payload = { ...sealed, data: Uint8Array.from(sealed.data!, (b, i) => (i === 30 ? b ^ 0xff : b)) };
    await expect(new AesGcmPayloadCodec(new PayloadKeyring(k1)).decode([tampered])).rejects.toBeInstanceOf(
      PayloadDecryptionError,
    );
    const relabelled: Payload = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: enc('2026-11') } };
    await expect(new AesGcmPayloadCodec(new PayloadKeyring(k2, [k1])).decode([relabelled])).rejects.toThrow(
      /failed authentication/,
    );
  });
});

describe('payloadKeyringFromEnv', () => {
  const b64 = (k: { key: Uint8Array }) => Buffer.from(k.key).toString('base64');

  it('is off when unset, and needs the key and its id together', () => {
    expect(payloadKeyringFromEnv({})).toBeUndefined();
    expect(() => payloadKeyringFromEnv({ FF_PAYLOAD_KEY: b64(key('a')) })).toThrow(
      /FF_PAYLOAD_KEY and FF_PAYLOAD_KEY_ID together/,
    );
  });

  it('reads the current key and previous keys', () => {
    const cur = key('new');
    const old = key('old');
    const ring = payloadKeyringFromEnv({
      FF_PAYLOAD_KEY: b64(cur),
      FF_PAYLOAD_KEY_ID: 'new',
      FF_PAYLOAD_PREVIOUS_KEYS: `old=${b64(old)}`,
    })!;
    expect(ring.keyIds).toEqual(['new', 'old']);
    const sealedOld = new PayloadKeyring(old).seal(enc('hi'));
    expect(new TextDecoder().decode(ring.open(sealedOld))).toBe('hi');
    expect(() =>
      payloadKeyringFromEnv({ FF_PAYLOAD_KEY: b64(cur), FF_PAYLOAD_KEY_ID: 'new', FF_PAYLOAD_PREVIOUS_KEYS: 'nokey' }),
    ).toThrow(/entry 1 must be id=base64key/);
  });
});
