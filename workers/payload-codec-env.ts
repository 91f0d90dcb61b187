import type { DataConverter } from '@temporalio/common';
import { z } from 'zod';
import { parsePayloadKey, PayloadKeyring, type PayloadKey } from '../lib/security';
import { AesGcmPayloadCodec } from './payload-codec';

/**
 * Payload encryption settings, shared by both workers, the CLI and the codec
 * server (all of them must hold the same keys):
 * - `FF_PAYLOAD_KEY`: base64 of 32 random bytes (`openssl rand -base64 32`).
 *   Unset = encryption off (payloads are plain JSON in history).
 * - `FF_PAYLOAD_KEY_ID`: short id recorded beside every ciphertext (e.g. `2026-11`).
 * - `FF_PAYLOAD_PREVIOUS_KEYS`: optional `id=base64,id=base64` of retired keys,
 *   still used to decrypt histories written before a rotation.
 */
export const PayloadCodecEnvSchema = z
  .object({
    FF_PAYLOAD_KEY: z.string().min(1).optional(),
    FF_PAYLOAD_KEY_ID: z.string().min(1).optional(),
    FF_PAYLOAD_PREVIOUS_KEYS: z.string().optional(),
  })
  .refine((e) => (e.FF_PAYLOAD_KEY === undefined) === (e.FF_PAYLOAD_KEY_ID === undefined), {
    message: 'set FF_PAYLOAD_KEY and FF_PAYLOAD_KEY_ID together (or neither, to leave payloads unencrypted)',
  });

/** The keyring named by the environment, or undefined when encryption is off. */
export function payloadKeyringFromEnv(env: NodeJS.ProcessEnv = process.env): PayloadKeyring | undefined {
  // An empty value counts as unset (e.g. `FF_PAYLOAD_KEY= node worker.ts` turns encryption off).
  const parsed = PayloadCodecEnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success)
    throw new Error(`Invalid payload encryption settings: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const { FF_PAYLOAD_KEY: key, FF_PAYLOAD_KEY_ID: id, FF_PAYLOAD_PREVIOUS_KEYS: previous } = parsed.data;
  if (!key || !id) return undefined;
  return new PayloadKeyring(parsePayloadKey(id, key, 'FF_PAYLOAD_KEY'), parsePreviousKeys(previous));
}

function parsePreviousKeys(spec: string | undefined): PayloadKey[] {
  if (!spec?.trim()) return [];
  return spec.split(',').map((entry, i) => {
    const at = entry.indexOf('=');
    if (at <= 0) throw new RangeError(`FF_PAYLOAD_PREVIOUS_KEYS entry ${i + 1} must be id=base64key`);
    return parsePayloadKey(entry.slice(0, at).trim(), entry.slice(at + 1), `FF_PAYLOAD_PREVIOUS_KEYS entry ${i + 1}`);
  });
}

/**
 * `dataConverter` for `Worker.create` and for a Temporal `Client` (CLI, tests):
 * the AES-GCM codec plus a failure converter (loaded by path, so it also runs
 * in the workflow sandbox) that encrypts failure messages too. Undefined when
 * encryption is off, i.e. the SDK default.
 */
export function dataConverterFromEnv(env: NodeJS.ProcessEnv = process.env): DataConverter | undefined {
  const keyring = payloadKeyringFromEnv(env);
  if (!keyring) return undefined;
  return {
    payloadCodecs: [new AesGcmPayloadCodec(keyring)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
