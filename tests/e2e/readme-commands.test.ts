import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { FF_BEST_SCORE, FF_EXPERIMENT, FF_STAGE } from '../../workflows/search-attribute-keys';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

jest.setTimeout(480_000);

/**
 * Runs the README's demo command exactly as a user would (the stack is
 * already up from `npm test`, so FF_KEEP_STACK=1 leaves it running for the
 * other tests), and checks what it promises: progress lines, the final
 * metrics, the report in S3 and a local copy.
 */
test('`npm run demo` fine-tunes on the sentiment data and reports metrics', async () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('npm run demo');
  expect(readme).toContain('npm test');

  const { stdout } = await run('npm', ['run', '--silent', 'demo'], {
    cwd: ROOT,
    env: { ...process.env, FF_KEEP_STACK: '1' },
    maxBuffer: 20 * 1024 * 1024,
  });
  // test.sh sets FF_EXPECT_NATIVE_TF=1 once scripts/install-tfjs-native.sh built the addon: the demo trains on it.
  if (process.env.FF_EXPECT_NATIVE_TF === '1')
    expect(stdout).toContain('[demo] training worker tfjs backend: tensorflow (native, CPU build)');
  else expect(stdout).toMatch(/\[demo\] training worker tfjs backend: \S+/);
  expect(stdout).toMatch(/stage: sweeping \| trials \d\/4 done/);
  expect(stdout).toMatch(/4\/4 trials completed, 0 failed/);
  const accuracy = Number(/Test {2}ensemble of \d+ .*: accuracy ([\d.]+)%/.exec(stdout)?.[1]);
  expect(accuracy).toBeGreaterThan(70);
  const reportUri = /Report: +(s3:\/\/\S+\.html)/.exec(stdout)?.[1];
  expect(reportUri).toBeDefined();
  const local = /Report written to (\S+)/.exec(stdout)?.[1];
  expect(local && existsSync(local)).toBe(true);
  const html = readFileSync(local!, 'utf8');
  expect(html).toContain('Test metrics');
  const summary = JSON.parse(readFileSync(path.join(path.dirname(local!), 'summary.json'), 'utf8'));
  expect(summary.trialCounts).toMatchObject({ total: 4, completed: 4, failed: 0 });

  // Findable in the Web UI: search attributes set by the CLI and upserted by the workflows.
  const runId = /Started (\S+)/.exec(stdout)![1];
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  try {
    const client = new Client({ connection });
    const sweep = await client.workflow.getHandle(`${runId}-sweep`).describe();
    expect(sweep.typedSearchAttributes.get(FF_EXPERIMENT)).toBe('sentiment-demo');
    expect(sweep.typedSearchAttributes.get(FF_BEST_SCORE)).toBeGreaterThan(0.7);
    const pipeline = await client.workflow.getHandle(runId).describe();
    expect(pipeline.typedSearchAttributes.get(FF_STAGE)).toBe('done');
    expect(await pipeline.memo).toMatchObject({ experiment: 'sentiment-demo', stage: 'done' });

    // `result` and `predict` on the finished run, as the README shows them.
    const cli = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: ROOT, maxBuffer: 20 * 1024 * 1024 });
    const result = JSON.parse((await cli('result', runId, '--json')).stdout);
    expect(result.runId).toBe(runId);
    expect(result.trials.completed).toBe(4);
    const predictions = JSON.parse(
      (
        await cli(
          'predict',
          'sentiment-demo',
          'what a wonderful, moving film',
          'the battery died after a day, awful',
          '--json',
        )
      ).stdout,
    );
    expect(predictions.runId).toBe(runId);
    expect(predictions.predictions.map((p: { label: string }) => p.label)).toEqual(['positive', 'negative']);
  } finally {
    await connection.close();
  }
});

test('`cli start` rejects a bad config before starting anything, naming each field (exit 2)', async () => {
  const bad = path.join(ROOT, 'tests/fixtures/configs/bad-experiment.yaml');
  const err = await run('node', ['--import', 'tsx', 'cli/main.ts', 'start', bad], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1' },
  }).catch((e) => e);
  expect(err.code).toBe(2);
  expect(err.stderr).toContain(`Invalid config file ${bad}`);
  expect(err.stderr).toContain('- search.parallelism: parallelism must be at least 1');
  expect(err.stderr).toContain('- search.space.learningRate.low: log scale needs low > 0');
  expect(err.stderr).toContain('- model: unknown key(s) "familly"');
});
