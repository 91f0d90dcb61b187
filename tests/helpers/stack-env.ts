import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Where `scripts/stack.sh start` writes its export lines (FF_STACK_DIR overrides the folder). */
export function stackEnvFile(): string {
  const dir = process.env.FF_STACK_DIR ?? path.resolve(__dirname, '..', '..', '.stack');
  return path.join(dir, 'env');
}

/** Parses `export NAME=value` lines (optionally quoted values) into an object. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2].trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    out[m[1]] = value;
  }
  return out;
}

/** The stack's settings as the tests see them. */
export interface StackEnv {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  FF_TEMPORAL_UI_URL: string;
  FF_S3_ENDPOINT: string;
  FF_S3_BUCKET: string;
  FF_S3_PREFIX: string;
  AWS_REGION: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
}

const DEFAULTS: StackEnv = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: 'default',
  FF_TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
  FF_S3_ENDPOINT: 'http://127.0.0.1:9000',
  FF_S3_BUCKET: 'finetune-flow',
  FF_S3_PREFIX: 'ff',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'finetune',
  AWS_SECRET_ACCESS_KEY: 'finetune-secret',
};

/**
 * Values from `.stack/env` when the file exists, else from `process.env`, else the
 * defaults of scripts/stack.sh. The file wins so that tests talk to the stack that
 * stack.sh actually started.
 */
export function loadStackEnv(): StackEnv {
  const file = stackEnvFile();
  const fromFile = existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : {};
  const env = { ...DEFAULTS };
  for (const name of Object.keys(DEFAULTS) as (keyof StackEnv)[]) {
    env[name] = fromFile[name] ?? process.env[name] ?? DEFAULTS[name];
  }
  return env;
}

/** Copies the stack's settings into process.env (so SDK credential chains find the keys). */
export function applyStackEnv(env: StackEnv = loadStackEnv()): StackEnv {
  for (const [k, v] of Object.entries(env)) process.env[k] = v;
  return env;
}
