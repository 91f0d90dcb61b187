import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import {
  CHAOS_STACK_SETTINGS,
  chaosStack,
  chaosStackVars,
  startChaosStack,
  stopChaosStack,
} from '../helpers/chaos-stack';
import { WorkerFleet } from '../helpers/chaos-workers';
import { testClient } from '../helpers/real-stack';
import type { WorkerEnv } from '../../workers/worker-env';

/**
 * `cli watch` across a Temporal server outage (issue 15): the server is stopped
 * while watch follows a real run, for longer than the client's own gRPC retries
 * (~20 s) hide, and started again. Watch must say it lost the connection and is
 * reconnecting, then reconnect and print the run's completion; a server that
 * stays down past `--reconnect-for` ends watch with exit code 3 and a clear message.
 */
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '../..');
const OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const config: ExperimentConfigInput = {
  name: 'chaos-watch',
  seed: 5,
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  model: { family: 'text-classifier', maxLen: 24, vocabSize: 2000 },
  search: {
    maxTrials: 2,
    parallelism: 1,
    epochs: 2,
    sampler: { kind: 'random' },
    pruner: { kind: 'none' },
    space: {
      learningRate: { type: 'float', low: 0.003, high: 0.05, log: true },
      embeddingDim: { type: 'categorical', choices: [8] },
    },
  },
  ensemble: { topK: 2 },
};

let env: WorkerEnv;
let client: Client;
let connection: Connection;
let fleet: WorkerFleet;

beforeAll(async () => {
  env = await startChaosStack('watch');
  const bundle = await bundleWorkflows(path.join(CHAOS_STACK_SETTINGS.FF_STACK_DIR, 'workflow-bundle.js'));
  fleet = new WorkerFleet(env, { FF_WORKFLOW_BUNDLE: bundle.path });
  await fleet.start(1);
  ({ client, connection } = await testClient(env));
}, 240_000);

afterAll(async () => {
  await connection?.close();
  await fleet?.stop();
  await stopChaosStack();
});

/** `cli watch <id>` against the private stack, its output collected. */
function watch(workflowId: string, ...args: string[]) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'cli/main.ts', 'watch', workflowId, ...args],
    { cwd: ROOT, env: { ...process.env, ...chaosStackVars() }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { out, exited };
}

async function startRun(label: string): Promise<string> {
  const workflowId = `chaos-watch-${label}-${Date.now()}`;
  await client.workflow.start('fineTunePipeline', {
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    workflowId,
    args: [{ config, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
  });
  return workflowId;
}

async function until(what: string, ms: number, ok: () => boolean): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await sleep(200))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

test('watch reconnects after a Temporal restart and prints the run completion', async () => {
  const workflowId = await startRun('ok');
  const w = watch(workflowId, '--reconnect-for', '180');
  await until('watch to print progress', 180_000, () => w.out.stdout.includes('stage: '));
  await chaosStack('stop-temporal');
  await sleep(OUTAGE_MS);
  await chaosStack('start-temporal');

  const code = await w.exited;
  const address = chaosStackVars().TEMPORAL_ADDRESS;
  expect(w.out.stderr).toContain(`lost connection to Temporal at ${address}; reconnecting (attempt 1)…`);
  expect(w.out.stderr).toContain(`reconnected to Temporal at ${address}`);
  expect(w.out.stdout).toContain(`Run ${workflowId}: 2/2 trials completed, 0 failed`);
  expect(code).toBe(0);
  expect(fleet.unexpectedExits()).toEqual([]);
});

test('watch gives up with a clear message (exit 3) when Temporal stays down past --reconnect-for', async () => {
  const workflowId = await startRun('down');
  const w = watch(workflowId, '--reconnect-for', '5');
  await until('watch to print progress', 180_000, () => w.out.stdout.includes('stage: '));
  await chaosStack('stop-temporal');
  try {
    const code = await w.exited;
    const address = chaosStackVars().TEMPORAL_ADDRESS;
    expect(w.out.stderr).toContain(`lost connection to Temporal at ${address}; reconnecting (attempt 1)…`);
    expect(w.out.stderr).toContain(
      `Temporal at ${address} stayed unreachable for 5 s; stopped watching ${workflowId} (the run goes on on the server: run \`watch ${workflowId}\` again once Temporal is back)`,
    );
    expect(code).toBe(3);
  } finally {
    await chaosStack('start-temporal');
  }
  // The run itself was never in danger.
  await client.workflow.getHandle(workflowId).result();
});
