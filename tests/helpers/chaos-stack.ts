import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadWorkerEnv, type WorkerEnv } from '../../workers/worker-env';
import { parseEnvFile } from './stack-env';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/**
 * A private stack for chaos tests (its own Temporal dev server, SQLite file and
 * S3 server on other ports), so stopping and restarting servers never disturbs
 * the shared stack on the default ports that other tests use. Ports and folder
 * can be moved with FF_CHAOS_STACK_DIR / FF_CHAOS_TEMPORAL_PORT /
 * FF_CHAOS_TEMPORAL_UI_PORT / FF_CHAOS_S3_PORT.
 */
export const CHAOS_STACK_SETTINGS = {
  FF_STACK_DIR: process.env.FF_CHAOS_STACK_DIR ?? '/tmp/ff-chaos-stack',
  FF_TEMPORAL_PORT: process.env.FF_CHAOS_TEMPORAL_PORT ?? '7253',
  FF_TEMPORAL_UI_PORT: process.env.FF_CHAOS_TEMPORAL_UI_PORT ?? '8253',
  FF_S3_PORT: process.env.FF_CHAOS_S3_PORT ?? '9020',
};

export type StackCommand =
  'start' | 'stop' | 'restart-temporal' | 'stop-temporal' | 'start-temporal' | 'stop-s3' | 'start-s3';

/** Runs `bash scripts/stack.sh <command>` against the private stack; resolves with its duration in ms. */
export async function chaosStack(command: StackCommand): Promise<number> {
  const t0 = Date.now();
  try {
    await run('bash', [path.join(ROOT, 'scripts', 'stack.sh'), command], {
      cwd: ROOT,
      env: { ...process.env, ...CHAOS_STACK_SETTINGS },
      timeout: 120_000,
    });
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`stack.sh ${command} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  return Date.now() - t0;
}

/**
 * Starts a fresh private stack (a leftover one from an aborted run is stopped
 * and its data removed first) and returns worker settings for it, with task
 * queues unique to `label`.
 */
export async function startChaosStack(label: string): Promise<WorkerEnv> {
  await chaosStack('stop');
  rmSync(CHAOS_STACK_SETTINGS.FF_STACK_DIR, { recursive: true, force: true });
  await chaosStack('start');
  // The AWS SDK of this process (and of spawned workers) takes its keys from the standard chain.
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION } = chaosStackVars();
  Object.assign(process.env, { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION });
  return chaosWorkerEnv(label);
}

/** Stops the private stack (data stays in FF_STACK_DIR for a post-mortem). */
export async function stopChaosStack(): Promise<void> {
  await chaosStack('stop');
}

/** The private stack's env file (addresses and the S3 keys it was started with). */
export function chaosStackVars(): Record<string, string> {
  const file = path.join(CHAOS_STACK_SETTINGS.FF_STACK_DIR, 'env');
  if (!existsSync(file)) throw new Error(`${file} is missing: start the chaos stack first (startChaosStack)`);
  return parseEnvFile(readFileSync(file, 'utf8'));
}

/** Worker settings for the private stack: its addresses from its env file, queues unique to `label`. */
export function chaosWorkerEnv(label: string): WorkerEnv {
  const stack = chaosStackVars();
  const suffix = `${label}-${process.pid}-${Date.now().toString(36)}`;
  return loadWorkerEnv({
    ...process.env,
    ...stack,
    FF_CONTROL_TASK_QUEUE: `chaos-control-${suffix}`,
    FF_TRAINING_TASK_QUEUE: `chaos-training-${suffix}`,
    FF_ALLOW_FILE_SOURCES: '1',
  });
}
