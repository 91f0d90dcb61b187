import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');

/**
 * The pure-JS backend prints "Hi, looks like you are running TensorFlow.js in
 * Node.js..." at its first tensor (this is what `cli predict` printed before
 * its results). In a fresh process, as a CLI command runs: after selectBackend,
 * a prediction-sized computation prints nothing but what the caller prints.
 */
test('selectBackend turns off the tfjs banner: a fresh process on the cpu backend prints only its own line', () => {
  const script = [
    "const { selectBackend } = require('./lib/models/runtime/backend');",
    "const tf = require('@tensorflow/tfjs');",
    '(async () => {',
    "  const b = await selectBackend('cpu');",
    '  const y = tf.softmax(tf.tensor2d([[1, 2, 3]])).arraySync();',
    '  console.log(`backend ${b.name} sum ${y[0].reduce((a, c) => a + c, 0).toFixed(3)}`);',
    '})();',
  ].join('\n');
  const out = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(out.status).toBe(0);
  expect(out.stderr).toBe('');
  expect(out.stdout).toBe('backend cpu sum 1.000\n');
});
