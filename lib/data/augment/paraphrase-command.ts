import { spawn } from 'node:child_process';
import { ConfigError } from '../../core/errors';
import type { ParaphraseCommandOp } from '../curation-options';

/*
 * The paraphrase / back-translation plugin point: see ParaphraseCommandOpSchema
 * in curation-options.ts for the protocol (JSONL {"text"} lines in on stdin,
 * the same number out on stdout, in order).
 */

/** Anything that paraphrases a batch of texts, preserving count and order. */
export interface ParaphraseProvider {
  name: string;
  paraphrase(texts: string[]): Promise<string[]>;
}

/**
 * A provider that runs `op.command` once per batch.
 *
 * @throws ConfigError (non-retryable: the config names a command that cannot
 *   work) when the command cannot start, exits non-zero, times out, or
 *   answers with malformed JSONL or the wrong number of lines; the message
 *   names the command and includes the start of its stderr.
 */
export function commandParaphraseProvider(op: Pick<ParaphraseCommandOp, 'command' | 'timeoutMs'>): ParaphraseProvider {
  const name = op.command.join(' ');
  return {
    name,
    async paraphrase(texts) {
      if (texts.length === 0) return [];
      const stdout = await runCommand(
        op.command,
        texts.map((text) => JSON.stringify({ text })).join('\n') + '\n',
        op.timeoutMs,
      );
      const lines = stdout.split('\n').filter((l) => l.trim() !== '');
      if (lines.length !== texts.length) {
        throw new ConfigError(
          `paraphrase command "${name}" returned ${lines.length} lines for ${texts.length} inputs; it must print one {"text": ...} line per input line`,
        );
      }
      return lines.map((line, i) => parseLine(line, i, name));
    },
  };
}

function parseLine(line: string, i: number, name: string): string {
  try {
    const value = JSON.parse(line) as { text?: unknown };
    if (typeof value.text === 'string') return value.text;
  } catch {
    /* fall through to the error below */
  }
  throw new ConfigError(
    `paraphrase command "${name}": output line ${i + 1} is not a JSON object with a string "text": ${line.slice(0, 80)}`,
  );
}

function runCommand(argv: string[], input: string, timeoutMs: number): Promise<string> {
  const name = argv.join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined); // EPIPE when the command exits early; reported via the exit code
    child.on('error', (e) => reject(new ConfigError(`paraphrase command "${name}" could not start: ${e.message}`)));
    child.on('close', (code, signal) => {
      const stderr = Buffer.concat(err).toString('utf8').slice(0, 500);
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new ConfigError(
            `paraphrase command "${name}" failed (${signal ? `killed by ${signal}, timeout ${timeoutMs} ms?` : `exit code ${code}`}): ${stderr}`,
          ),
        );
    });
    child.stdin.end(input);
  });
}
