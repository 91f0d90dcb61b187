import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** What a finished CLI process printed, and its exit code. */
export interface CliOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI (`node --import tsx cli/main.ts ...args`) from the repo root
 * with `env`, and resolves when it exits, whatever the exit code.
 */
export function runCli(env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
