import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { formatFatalError } from '../../../workers/fatal-error';
import { listeningLine } from '../../../workers/codec-server';

const ROOT = path.resolve(__dirname, '../../..');
/** What a terminal acts on or that reorders text; newlines are allowed (stack traces keep their lines). */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

test('a fatal error prints with its stack and cause, every control and bidi character escaped', () => {
  const err = new Error('row 3 label "\x1b[2Jpos" is unknown', {
    cause: new Error('title \x1b]0;pwned\x07 \u202etxt'),
  });
  const out = formatFatalError(err);
  expect(out).not.toMatch(RAW);
  expect(out.split('\n')[0]).toBe('Error: row 3 label "\\x1b[2Jpos" is unknown');
  expect(out).toContain('    at ');
  expect(out).toContain('[cause]: Error: title \\x1b]0;pwned\\x07 \\u202etxt');
});

test("the codec server's startup line escapes what came from the environment", () => {
  expect(listeningLine('127.0.0.1\u202e', 8888, ['2026-11'])).toBe(
    '[codec-server] listening on http://127.0.0.1\\u202e:8888 (keys: 2026-11)',
  );
});

test('the codec server refuses a hostile key id on stderr escaped, exit 2', () => {
  const out = spawnSync(process.execPath, ['--import', 'tsx', 'workers/codec-server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      FF_PAYLOAD_KEY: randomBytes(32).toString('base64'),
      FF_PAYLOAD_KEY_ID: 'k\x1b]0;pwned\x07\u202e',
      FF_PAYLOAD_PREVIOUS_KEYS: '',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(out.status).toBe(2);
  expect(out.stdout).toBe('');
  expect(out.stderr).not.toMatch(RAW);
  expect(out.stderr.split('\n')[0]).toBe(
    `RangeError: FF_PAYLOAD_KEY: key id "k\\u001b]0;pwned\\u0007\\u202e" must be 1-64 letters, digits, '.', '_' or '-'`,
  );
});
