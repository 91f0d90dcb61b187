import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import { runControlWorker } from '../helpers/control-worker';
import type { HpoSweepResult } from '../../workflows/hpo-sweep';
import type { SweepProgress } from '../../workflows/sweep-messages';
import { startCheapObjectiveWorker } from '../helpers/cheap-objective-worker';
import { testClient, testWorkerEnv } from '../helpers/real-stack';

jest.setTimeout(300_000);

const ref = (n: number) => ({
  uri: `mem://cheap/data-${n}`,
  sha256: String(n).repeat(64),
  bytes: 1,
  kind: 'dataset' as const,
});
const data = { train: ref(1), val: ref(2), labels: ['negative', 'positive'] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sweepConfig(search: Partial<ExperimentConfigInput['search']>): ExperimentConfigInput {
  return {
    name: 'sweep-it',
    seed: 3,
    dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
    search: {
      maxTrials: 10,
      parallelism: 4,
      epochs: 2,
      space: { learningRate: { type: 'float', low: 1e-4, high: 1, log: true } },
      ...search,
    },
  };
}

async function withStack<T>(
  label: string,
  options: Parameters<typeof startCheapObjectiveWorker>[1],
  body: (ctx: {
    client: Awaited<ReturnType<typeof testClient>>['client'];
    queue: string;
    trainingQueue: string;
  }) => Promise<T>,
): Promise<T> {
  const env = testWorkerEnv(label);
  const control = await runControlWorker(env);
  const training = await startCheapObjectiveWorker(env, options);
  const { client, connection } = await testClient(env);
  try {
    return await body({ client, queue: env.FF_CONTROL_TASK_QUEUE, trainingQueue: env.FF_TRAINING_TASK_QUEUE });
  } finally {
    await connection.close();
    await training.stop();
    await control.stop();
  }
}

test('a 200-trial TPE sweep completes through several continue-as-new generations', async () => {
  await withStack('sweep200', {}, async ({ client, queue, trainingQueue }) => {
    const workflowId = `it-sweep200-${Date.now()}`;
    const result: HpoSweepResult = await client.workflow.execute('hpoSweep', {
      taskQueue: queue,
      workflowId,
      // Every trial writes at least 3 events (child initiated, started, completed); how many more
      // depends on how the server batches workflow tasks, which varies with load. A generation ends
      // once history passes 200 events and drains at most 8 running children (~60 more events), so
      // it holds at most ~(200 + 60) / 3 < 90 trials: 200 trials need at least 3 generations
      // however the tasks are batched. (500 made the count load-dependent: CI once saw 2.)
      args: [
        {
          config: sweepConfig({ maxTrials: 200, parallelism: 8, sampler: { kind: 'tpe' } }),
          data,
          trainingTaskQueue: trainingQueue,
          maxHistoryEvents: 200,
        },
      ],
    });
    expect(result.trials).toHaveLength(200);
    expect(result.trials.map((t) => t.index)).toEqual([...Array(200).keys()]);
    expect(result.trials.every((t) => t.status === 'completed')).toBe(true);
    expect(result.generations).toBeGreaterThanOrEqual(3);
    expect(result.endReason).toBe('all 200 trials started');
    // The objective peaks at 0.75 (lr = 0.01 after 2 epochs); TPE gets close.
    expect(result.best!.score!).toBeGreaterThan(0.74);
    // Only the ensemble's candidates (topK, default 10) keep artifact refs across generations: the best 10.
    const withRefs = result.trials.filter((t) => t.model && t.valPredictions).map((t) => t.trialId);
    const best10 = result.trials
      .slice()
      .sort((a, b) => b.score! - a.score! || a.trialId.localeCompare(b.trialId))
      .slice(0, 10)
      .map((t) => t.trialId);
    expect(withRefs.sort()).toEqual(best10.sort());
    // No two trials share a workflow: one child per trial across generations.
    const children = await client.workflow.list({ query: `WorkflowId STARTS_WITH "${workflowId}-trial-"` });
    let count = 0;
    for await (const _ of children) count++;
    expect(count).toBe(200);
    console.log(`200-trial sweep: ${result.generations} generations, best ${result.best!.score!.toFixed(4)}`);
  });
});

test('a sweep whose trial table nears the payload limit ends on its own, with every trial settled', async () => {
  await withStack('table', {}, async ({ client, queue, trainingQueue }) => {
    const result: HpoSweepResult = await client.workflow.execute('hpoSweep', {
      taskQueue: queue,
      workflowId: `it-sweep-table-${Date.now()}`,
      // A ceiling of 4 KB stands in for the default 1.5 MB: the config takes ~0.5 KB, trials ~0.2 KB each here.
      args: [
        {
          config: sweepConfig({ maxTrials: 100, parallelism: 2 }),
          data,
          trainingTaskQueue: trainingQueue,
          maxStateBytes: 4_000,
        },
      ],
    });
    expect(result.endReason).toMatch(
      /^the sweep's state reached \d+ bytes \(\d+ trials\), near Temporal's 2 MB payload limit; continue in a new sweep that warm-starts/,
    );
    expect(result.trials.length).toBeGreaterThan(3);
    expect(result.trials.length).toBeLessThan(100);
    expect(result.trials.every((t) => t.status === 'completed')).toBe(true);
    expect(JSON.stringify(result.trials).length).toBeLessThan(4_000 + 2 * 600);
  });
});

test('pause, resume, extend and stop a running sweep; malformed commands are rejected', async () => {
  await withStack('control', { delayMs: 1500 }, async ({ client, queue, trainingQueue }) => {
    const handle = await client.workflow.start('hpoSweep', {
      taskQueue: queue,
      workflowId: `it-sweep-control-${Date.now()}`,
      args: [
        { config: sweepConfig({ maxTrials: 4, parallelism: 1, epochs: 1 }), data, trainingTaskQueue: trainingQueue },
      ],
    });
    const paused = await handle.executeUpdate<SweepProgress, [unknown]>('sweepControl', {
      args: [{ action: 'pause' }],
    });
    expect(paused.state).toBe('paused');
    const startedWhilePaused = paused.started;
    await sleep(2500);
    const stillPaused = await handle.query<SweepProgress>('sweepProgress');
    expect(stillPaused.started).toBe(startedWhilePaused);
    expect(stillPaused.running).toBe(0);

    const bad = await handle
      .executeUpdate('sweepControl', { args: [{ action: 'set-budget', parallelism: 0 }] })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(String((bad as Error).cause)).toContain('parallelism: parallelism must be at least 1');
    await handle.signal('sweepControl', { action: 'explode' });

    const extended = await handle.executeUpdate<SweepProgress, [unknown]>('sweepControl', {
      args: [{ action: 'set-budget', maxTrials: 10, parallelism: 2 }],
    });
    expect(extended.control).toMatchObject({ maxTrials: 10, parallelism: 2 });
    await handle.executeUpdate('sweepControl', { args: [{ action: 'resume' }] });
    await sleep(1000);
    await handle.executeUpdate('sweepControl', { args: [{ action: 'stop', reason: 'enough for today' }] });

    const result: HpoSweepResult = await handle.result();
    expect(result.endReason).toBe('enough for today');
    expect(result.trials.length).toBeGreaterThan(startedWhilePaused);
    expect(result.trials.length).toBeLessThan(10);
    expect(result.trials.every((t) => t.status === 'completed')).toBe(true);
    const audit = result.audit.map((a) => `${a.via}:${a.outcome}:${JSON.stringify(a.command)}`);
    expect(audit).toEqual([
      'update:applied:{"action":"pause"}',
      'signal:rejected:{"action":"explode"}',
      'update:applied:{"action":"set-budget","maxTrials":10,"parallelism":2}',
      'update:applied:{"action":"resume"}',
      'update:applied:{"action":"stop","reason":"enough for today"}',
    ]);
    expect(result.audit[1].message).toContain('action must be one of');
  });
});

test('the median pruner stops poor trials between epochs; failed trials never stay running', async () => {
  await withStack(
    'prune',
    { failWhen: (p) => Number(p.learningRate) > 0.5 },
    async ({ client, queue, trainingQueue }) => {
      const result: HpoSweepResult = await client.workflow.execute('hpoSweep', {
        taskQueue: queue,
        workflowId: `it-sweep-prune-${Date.now()}`,
        args: [
          {
            config: sweepConfig({
              maxTrials: 24,
              parallelism: 3,
              epochs: 4,
              sampler: { kind: 'halton' },
              pruner: { kind: 'median', nStartupTrials: 3, nWarmupSteps: 1 },
            }),
            data,
            trainingTaskQueue: trainingQueue,
          },
        ],
      });
      const by = (s: string) => result.trials.filter((t) => t.status === s);
      expect(result.trials).toHaveLength(24);
      expect(by('running')).toHaveLength(0);
      expect(by('pruned').length).toBeGreaterThan(0);
      for (const t of by('pruned')) expect(t.intermediate!.length).toBeLessThan(4);
      for (const t of by('completed')) expect(t.intermediate).toHaveLength(4);
      for (const t of by('failed')) expect(t.error).toContain('diverged (test)');
      // Pruning keeps the good ones: the best completed trial beats every pruned one.
      const bestPruned = Math.max(...by('pruned').map((t) => t.score!));
      expect(result.best!.score!).toBeGreaterThan(bestPruned);
    },
  );
});

test('a GP sweep warm-started from earlier trials records their provenance', async () => {
  await withStack('warm', {}, async ({ client, queue, trainingQueue }) => {
    const warmStart = {
      source: 'sweep it-earlier',
      trials: [0.001, 0.01, 0.1].map((lr) => ({
        params: { learningRate: lr },
        value: 1 - Math.abs(Math.log10(lr) + 2) / 3,
      })),
    };
    const result: HpoSweepResult = await client.workflow.execute('hpoSweep', {
      taskQueue: queue,
      workflowId: `it-sweep-warm-${Date.now()}`,
      args: [
        {
          config: sweepConfig({ maxTrials: 12, parallelism: 2, sampler: { kind: 'gp', nStartupTrials: 2 }, warmStart }),
          data,
          trainingTaskQueue: trainingQueue,
        },
      ],
    });
    expect(result.warmStart).toEqual({ source: 'sweep it-earlier', trials: 3 });
    expect(result.trials).toHaveLength(12);
    expect(result.trials.every((t) => t.status === 'completed')).toBe(true);
    // Started from a known optimum (lr = 0.01), the GP stays near it: most suggestions are within a decade.
    const near = result.trials.filter((t) => Math.abs(Math.log10(Number(t.params.learningRate)) + 2) < 1).length;
    expect(near).toBeGreaterThanOrEqual(6);
  });
});

test('search.constraints hold for every trial a real sweep launches', async () => {
  await withStack('constraints', {}, async ({ client, queue, trainingQueue }) => {
    const result: HpoSweepResult = await client.workflow.execute('hpoSweep', {
      taskQueue: queue,
      workflowId: `it-sweep-constraints-${Date.now()}`,
      args: [
        {
          config: sweepConfig({
            maxTrials: 12,
            parallelism: 4,
            sampler: { kind: 'tpe', nStartupTrials: 4 },
            constraints: [{ param: 'learningRate', op: '<=', value: 0.01 }],
          }),
          data,
          trainingTaskQueue: trainingQueue,
        },
      ],
    });
    expect(result.trials).toHaveLength(12);
    for (const t of result.trials) expect(Number(t.params.learningRate)).toBeLessThanOrEqual(0.01);
  });
});
