import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * The AWS SDK's Node-version notice printed on every CLI call (it loads the S3
 * client); workers/quiet-process-env.ts, imported first, silences it unless the
 * user set the variable themselves.
 */
test('a CLI command that loads the S3 client prints no AWS SDK Node-version notice', () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FF_S3_ENDPOINT: 'http://127.0.0.1:1',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'y',
  };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  const out = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'predict', 'some-experiment', 'a text'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(out.status).not.toBe(0); // no S3 there: the command fails, after loading the SDK
  expect(out.stderr.length).toBeGreaterThan(0);
  expect(out.stderr).not.toContain('NodeVersionSupportWarning');
});
