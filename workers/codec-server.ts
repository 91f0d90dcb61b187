import './quiet-process-env';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import { AesGcmPayloadCodec } from './payload-codec';
import { payloadKeyringFromEnv } from './payload-codec-env';
import { exitWithFatalError } from './fatal-error';
import { printable } from '../lib/core/printable';

/**
 * A Temporal codec server: lets the Web UI (and `temporal` CLI with
 * `--codec-endpoint`) show encrypted payloads decrypted, to people who can
 * reach it and, when a token is set, present it. Plain node:http, no framework:
 * two POST routes and CORS are all the protocol needs.
 *
 * Protocol (what the Web UI sends): `POST /decode` and `POST /encode` with
 * `{"payloads": [{"metadata": {"<key>": "<base64>"}, "data": "<base64>"}]}`,
 * answered in the same shape. Browsers preflight with OPTIONS; the UI sends
 * `X-Namespace` and, with "Pass access token" on, `Authorization`.
 */
export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Origins allowed by CORS, e.g. the Web UI's `http://127.0.0.1:8233`. */
  allowedOrigins: string[];
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Largest request body accepted (default 8 MiB; Temporal caps payloads at 2 MB each). */
  maxBodyBytes?: number;
}

const JsonPayloadSchema = z.object({
  metadata: z.record(z.string(), z.string()).optional(),
  data: z.string().optional(),
});
const BodySchema = z.object({ payloads: z.array(JsonPayloadSchema) });
type JsonPayload = z.infer<typeof JsonPayloadSchema>;

const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const toB64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array(0)).toString('base64');

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, fromB64(v)])),
    data: fromB64(p.data ?? ''),
  };
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, toB64(v)])),
    data: toB64(p.data),
  };
}

function authorised(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error(`request body over ${limit} bytes`), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Creates (does not start) the codec server; call `.listen(port, host)`. */
export function createCodecServer(options: CodecServerOptions): Server {
  const limit = options.maxBodyBytes ?? 8 * 1024 * 1024;
  return createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin && options.allowedOrigins.includes(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const route = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
    if (req.method !== 'POST' || (route !== '/decode' && route !== '/encode'))
      return send(res, 404, { error: 'use POST /decode or POST /encode' });
    if (!authorised(req, options.token)) return send(res, 401, { error: 'missing or wrong bearer token' });
    void handle(route, req, res);
  });

  async function handle(route: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const parsed = BodySchema.safeParse(JSON.parse(await readBody(req, limit)));
      if (!parsed.success)
        return send(res, 400, { error: 'body must be {"payloads": [{"metadata": {...base64}, "data": base64}]}' });
      const payloads = parsed.data.payloads.map(fromJson);
      const out = route === '/decode' ? await options.codec.decode(payloads) : await options.codec.encode(payloads);
      send(res, 200, { payloads: out.map(toJson) });
    } catch (err) {
      const status = (err as { status?: number }).status ?? (err instanceof SyntaxError ? 400 : 422);
      send(res, status, { error: (err as Error).message });
    }
  }
}

const CodecServerEnvSchema = z.object({
  FF_CODEC_SERVER_HOST: z.string().default('127.0.0.1'),
  FF_CODEC_SERVER_PORT: z.coerce.number().int().min(1).max(65535).default(8888),
  /** Comma-separated UI origins allowed by CORS. */
  FF_CODEC_CORS_ORIGINS: z.string().default('http://127.0.0.1:8233,http://localhost:8233'),
  FF_CODEC_SERVER_TOKEN: z.string().min(16, 'FF_CODEC_SERVER_TOKEN must be at least 16 characters').optional(),
});

/** The codec server's startup line; values from the environment print through `printable`. */
export function listeningLine(host: string, port: number, keyIds: readonly string[]): string {
  return printable(`[codec-server] listening on http://${host}:${port} (keys: ${keyIds.join(', ')})`);
}

function main(): void {
  const env = CodecServerEnvSchema.parse(process.env);
  const keyring = payloadKeyringFromEnv();
  if (!keyring) {
    console.error('[codec-server] FF_PAYLOAD_KEY / FF_PAYLOAD_KEY_ID are not set: there is nothing to decode');
    process.exit(2);
  }
  const server = createCodecServer({
    codec: new AesGcmPayloadCodec(keyring),
    allowedOrigins: env.FF_CODEC_CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    token: env.FF_CODEC_SERVER_TOKEN,
  });
  server.once('error', (err) => exitWithFatalError(err));
  server.listen(env.FF_CODEC_SERVER_PORT, env.FF_CODEC_SERVER_HOST, () => {
    console.log(listeningLine(env.FF_CODEC_SERVER_HOST, env.FF_CODEC_SERVER_PORT, keyring.keyIds));
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  // Settings errors quote the values they reject (a key id, a host): printed escaped, exit 2 like a missing key.
  try {
    main();
  } catch (err) {
    exitWithFatalError(err, 2);
  }
}
