import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { runControlWorker } from '../helpers/control-worker';
import type { SweepProgress } from '../../workflows/sweep-messages';
import { startCheapObjectiveWorker } from '../helpers/cheap-objective-worker';
import { testClient, testWorkerEnv } from '../helpers/real-stack';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { cwd: ROOT });

jest.setTimeout(180_000);

/** The CLI's steering commands against a live sweep on the real server. */
test('describe / pause / extend / resume / stop a running sweep from the CLI', async () => {
  const env = testWorkerEnv('cli');
  const control = await runControlWorker(env);
  const training = await startCheapObjectiveWorker(env, { delayMs: 1500 });
  const { client, connection } = await testClient(env);
  const ref = { uri: 'mem://cheap/d', sha256: 'a'.repeat(64), bytes: 1, kind: 'dataset' as const };
  const workflowId = `it-cli-sweep-${Date.now()}`;
  try {
    await client.workflow.start('hpoSweep', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId,
      args: [
        {
          config: {
            name: 'cli-it',
            dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
            search: {
              maxTrials: 3,
              parallelism: 1,
              epochs: 1,
              space: { learningRate: { type: 'float', low: 0.001, high: 0.1, log: true } },
            },
          },
          data: { train: ref, val: ref, labels: ['a', 'b'] },
          trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE,
        },
      ],
    });
    const paused = JSON.parse((await cli('pause', workflowId, '--json')).stdout) as SweepProgress;
    expect(paused.state).toBe('paused');

    const extended = JSON.parse(
      (await cli('extend', workflowId, '--max-trials', '50', '--parallelism', '2', '--json')).stdout,
    ) as SweepProgress;
    expect(extended.control).toMatchObject({ maxTrials: 50, parallelism: 2, paused: true });

    const described = (await cli('describe', workflowId)).stdout;
    expect(described).toContain(`${workflowId}: paused`);
    expect(described).toMatch(/audit .* update applied: \{"action":"set-budget","maxTrials":50,"parallelism":2\}/);

    const bad = await cli('extend', workflowId, '--parallelism', 'zero').catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--parallelism must be a positive integer (got "zero")');

    await cli('resume', workflowId);
    const stopped = (await cli('stop', workflowId, '--reason', 'cli test')).stdout;
    expect(stopped).toContain('stopping');
    await client.workflow.getHandle(workflowId).result();

    const done = (await cli('describe', workflowId)).stdout;
    expect(done).toContain(`${workflowId}: done (cli test)`);
    // The finished sweep's trials, ready to paste under search.warmStart of the next sweep.
    const warm = JSON.parse((await cli('warm-start', workflowId, '--top', '2')).stdout) as {
      source: string;
      trials: { params: Record<string, number>; value: number }[];
    };
    expect(warm.source).toBe(workflowId);
    expect(warm.trials.length).toBeGreaterThanOrEqual(1);
    expect(warm.trials.length).toBeLessThanOrEqual(2);
    expect(warm.trials[0].params.learningRate).toBeGreaterThan(0);
    expect(warm.trials.map((t) => t.value)).toEqual(warm.trials.map((t) => t.value).sort((a, b) => b - a));
    const late = await cli('pause', workflowId).catch((e) => e);
    expect(late.code).toBe(2);
    expect(late.stderr).toContain('is COMPLETED: there is nothing to pause');
  } finally {
    await connection.close();
    await training.stop();
    await control.stop();
  }
});
