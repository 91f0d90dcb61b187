import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface SpawnedWorker {
  child: ChildProcess;
  /** Resolves once the worker printed that it polls its task queue. */
  ready: Promise<void>;
  output(): string;
  /** SIGTERM (graceful) and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL, like a crashed or preempted machine, and wait for exit. */
  kill(): Promise<void>;
}

/**
 * Starts `workers/<name>.ts` as a real child process (node --import tsx), so a
 * test can SIGKILL it exactly as a crash would. `env` extends process.env.
 */
export function spawnWorker(name: 'training-worker' | 'control-worker', env: Record<string, string>): SpawnedWorker {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers', `${name}.ts`)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('polling task queue')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before polling:\n${log}`)));
  });
  ready.catch(() => undefined);
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { child, ready, output: () => log, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}

/** The worker's JSON log records, once a line containing `text` has arrived (at most 15 s). */
export async function logRecordsOnceContaining(
  worker: { output(): string },
  text: string,
): Promise<Record<string, unknown>[]> {
  for (const deadline = Date.now() + 15_000; !worker.output().includes(text) && Date.now() < deadline;) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return worker
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{') && l.endsWith('}')) // whole JSON lines only: the last chunk may be cut mid-line
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
