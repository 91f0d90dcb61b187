import path from 'node:path';
import type { Client, Connection, WorkflowHandle } from '@temporalio/client';
import type { TrialData, TrialRunResult } from '../../activities/contracts';
import type { S3ArtifactStore } from '../../lib/artifacts/s3-artifact-store';
import { createRng, type Rng } from '../../lib/core/rng';
import type { WorkerEnv } from '../../workers/worker-env';
import type { HpoSweepResult } from '../../workflows/hpo-sweep';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import { CHAOS_STACK_SETTINGS, chaosStack, startChaosStack, stopChaosStack } from '../helpers/chaos-stack';
import {
  auditSweep,
  CHAOS_LONG,
  checkpointObjects,
  pointerEpoch,
  runningAttempts,
  scoresById,
  startChaosSweep,
  uploadSweepData,
  verifyContentAddresses,
} from '../helpers/chaos-sweep';
import { attemptLedger, epochsRedone, WorkerFleet, type AttemptLog } from '../helpers/chaos-workers';
import { testClient, testStore } from '../helpers/real-stack';

/**
 * Chaos on a private real stack (its own Temporal dev server with SQLite and
 * its own S3 server, started and stopped here, so the shared stack is never
 * touched): the same seeded sweep of real tfjs trials runs once undisturbed,
 * then under (a) repeated SIGKILLs of training workers, (b) a Temporal server
 * restart, (c) a 30 s S3 outage. Each must complete with every trial ended,
 * no trial duplicated, every artifact intact, at most one epoch redone per
 * kill, and the same scores as the undisturbed run. Figures are printed.
 * FF_CHAOS_LONG=1 (scripts/chaos.sh --long) runs more trials and faults.
 */
jest.setTimeout(900_000);

const TRIALS = CHAOS_LONG ? 8 : 4;
const KILLS = CHAOS_LONG ? 10 : 3;
/** Temporal outages: 0 = a plain restart (down ~2-3 s); else stopped that many ms, longer than the 20 s heartbeat timeout. */
const TEMPORAL_OUTAGES_MS = CHAOS_LONG ? [0, 15_000, 60_000] : [0];
const S3_OUTAGE_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `promise`, or a failure after `ms` that shows the workers' last output (a hang must not eat the whole budget silently). */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `${what}: not done after ${ms / 1000} s; worker output:\n${fleet
              ?.outputs()
              .map((o) => o.slice(-4000))
              .join('\n-----\n')}`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let env: WorkerEnv;
let store: S3ArtifactStore;
let client: Client;
let connection: Connection;
let fleet: WorkerFleet;
let data: TrialData;
let baseline: HpoSweepResult;
let baselineSeconds: number;
let baselineChildren: Map<string, TrialRunResult>;
const figures: Record<string, unknown> = {};

/** Polls `check` every 250 ms until it holds; false when `ms` ran out first. */
async function waitFor(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
  return true;
}

async function runSweep(
  label: string,
  disturb: (handle: Awaited<ReturnType<typeof startChaosSweep>>) => Promise<void>,
) {
  const workflowId = `chaos-${label}-${Date.now()}`;
  const t0 = Date.now();
  const handle = await startChaosSweep(client, env, workflowId, data, TRIALS);
  await disturb(handle);
  const result: HpoSweepResult = await within(CHAOS_LONG ? 1_200_000 : 300_000, `sweep ${workflowId}`, handle.result());
  const endedAt = Date.now();
  const seconds = (endedAt - t0) / 1000;
  const audit = await auditSweep(client, store, workflowId, result, data);
  const contentChecked = await verifyContentAddresses(store, `runs/${workflowId}`);
  const retries = [...audit.children.values()].reduce((n, c) => n + c.attempt - 1, 0);
  const ledger = attemptLedger(fleet.outputs()).filter((a) => a.workflowId.startsWith(`${workflowId}-`));
  const redone = lostEpochs(
    workflowId,
    audit.children,
    ledger,
    await checkpointObjects(store, `runs/${workflowId}`, [...audit.children.keys()]),
  );
  // Each failed attempt costs at most one checkpointed epoch; a trial never restarts from scratch.
  const overBudget = [...audit.children]
    .filter(([id, c]) => redone.get(id)! > c.attempt - 1)
    .map(([id, c]) => `${id}: ${redone.get(id)} epochs redone in ${c.attempt} attempts`);
  expect(overBudget).toEqual([]);
  const redoneTotal = [...redone.values()].reduce((a, b) => a + b, 0);
  return { workflowId, result, seconds, endedAt, audit, contentChecked, retries, ledger, redoneTotal };
}

/**
 * Epochs trained again after they had been completed, per trial: the larger of
 * two lower bounds, the worker logs (a SIGKILL can swallow the last line) and
 * the checkpoint objects in S3 (a checkpoint embeds the epoch timings, so each
 * execution of an epoch that reached S3 left its own object; one per epoch when
 * nothing was redone).
 */
function lostEpochs(
  workflowId: string,
  children: Map<string, TrialRunResult>,
  ledger: AttemptLog[],
  objects: Record<string, number>,
): Map<string, number> {
  const fromLogs = epochsRedone(ledger);
  const out = new Map<string, number>();
  for (const [trialId, child] of children) {
    out.set(trialId, Math.max(fromLogs.get(`${workflowId}-${trialId}`) ?? 0, objects[trialId] - child.history.length));
  }
  return out;
}

/** Resume is exact: same scores and the same learning curves (losses and metrics per epoch) as the undisturbed run. */
function expectSameResults(run: Awaited<ReturnType<typeof runSweep>>): void {
  const curve = (c: TrialRunResult) =>
    c.history.map(({ epoch, trainLoss, valLoss, valAccuracy, valMacroF1 }) => ({
      epoch,
      trainLoss,
      valLoss,
      valAccuracy,
      valMacroF1,
    }));
  expect(scoresById(run.result)).toEqual(scoresById(baseline));
  for (const [trialId, child] of run.audit.children)
    expect(curve(child)).toEqual(curve(baselineChildren.get(trialId)!));
}

beforeAll(async () => {
  env = await startChaosStack('chaos');
  store = testStore(env);
  const bundle = await bundleWorkflows(path.join(CHAOS_STACK_SETTINGS.FF_STACK_DIR, 'workflow-bundle.js'));
  fleet = new WorkerFleet(env, { FF_WORKFLOW_BUNDLE: bundle.path });
  await within(180_000, 'starting the workers', fleet.start(2));
  ({ client, connection } = await testClient(env));
  data = await uploadSweepData(store, `runs/chaos-data-${Date.now()}`);
  const t0 = Date.now();
  const undisturbed = await runSweep('baseline', async () => undefined);
  baseline = undisturbed.result;
  baselineChildren = undisturbed.audit.children;
  baselineSeconds = (Date.now() - t0) / 1000;
  expect(undisturbed.retries).toBe(0);
  expect(baseline.trials.every((t) => t.status === 'completed')).toBe(true);
  figures.baseline = { trials: TRIALS, seconds: baselineSeconds, scores: scoresById(baseline) };
  console.log(`chaos baseline: ${TRIALS} trials undisturbed in ${baselineSeconds.toFixed(1)} s`);
});

afterAll(async () => {
  await connection?.close();
  await fleet?.stop();
  await stopChaosStack();
  console.log(`chaos figures: ${JSON.stringify(figures)}`);
});

/** One SIGKILL: when, which slot, and the training attempts the killed process held. */
interface Kill {
  at: number;
  slot: number;
  hit: { trialId: string; attempt: number; pointerEpoch: number }[];
}

/**
 * Up to `count` times: wait until a live training worker holds an attempt,
 * wait a seeded random 0.3-1.8 s (a moment inside the attempt: an epoch takes
 * ~0.5-1 s here), SIGKILL a busy worker (any worker if the attempt ended
 * meanwhile) and start a replacement. Stops early when the sweep has no more
 * training to interrupt.
 */
async function killAtRandomMoments(handle: WorkflowHandle, count: number, rng: Rng): Promise<Kill[]> {
  const runPrefix = `runs/${handle.workflowId}`;
  const kills: Kill[] = [];
  const live = () => new Set(fleet.training.map((_, slot) => fleet.identity(slot)));
  const busyAttempts = async () => (await runningAttempts(client, handle)).filter((a) => live().has(a.identity));
  for (let k = 0; k < count; k++) {
    if (!(await waitFor(120_000, async () => (await busyAttempts()).length > 0))) break;
    await sleep(300 + rng.int(1500));
    const busy = await busyAttempts();
    const target = busy.length > 0 ? busy[rng.int(busy.length)].identity : undefined;
    const slot = target
      ? fleet.training.findIndex((_, s) => fleet.identity(s) === target)
      : rng.int(fleet.training.length);
    const victim = fleet.identity(slot);
    await fleet.kill(slot);
    const at = Date.now();
    // What the dead worker held, as the server sees it (its attempts stay STARTED until the heartbeat timeout).
    const held = (await runningAttempts(client, handle)).filter((a) => a.identity === victim);
    const hit = await Promise.all(
      held.map(async (a) => ({
        trialId: a.trialId,
        attempt: a.attempt,
        pointerEpoch: await pointerEpoch(store, runPrefix, a.trialId),
      })),
    );
    kills.push({ at, slot, hit });
    await fleet.replace(slot);
  }
  return kills;
}

test('(a) training workers SIGKILLed at random moments: the sweep completes, resumes lose at most one epoch per kill, scores are unchanged', async () => {
  let kills: Kill[] = [];
  const run = await runSweep('kills', async (handle) => {
    kills = await killAtRandomMoments(handle, KILLS, createRng(20261123).fork('kills'));
  });

  // Each killed attempt's successor resumed from at least the S3 pointer the killed one left.
  const recoveries: number[] = [];
  for (const kill of kills) {
    for (const hit of kill.hit) {
      const next = run.ledger.find(
        (a) => a.workflowId === `${run.workflowId}-${hit.trialId}` && a.attempt > hit.attempt,
      );
      if (!next) continue; // the kill came after the attempt's result had been reported
      expect(next.resumedFrom).toBeGreaterThanOrEqual(hit.pointerEpoch);
      recoveries.push((next.firstLogAt - kill.at) / 1000);
    }
  }
  // Repeated kills, most of them mid-training (a kill may land just after an attempt ended).
  expect(kills.length).toBeGreaterThanOrEqual(Math.min(KILLS, 3));
  const hits = kills.flatMap((k) => k.hit);
  expect(hits.length).toBeGreaterThanOrEqual(Math.min(KILLS, 2));
  expect(run.result.trials).toHaveLength(TRIALS);
  expect(run.result.trials.every((t) => t.status === 'completed')).toBe(true);
  // Every retry has a cause: only attempts held by a killed worker were retried.
  expect(run.retries).toBeGreaterThan(0);
  expect(run.retries).toBeLessThanOrEqual(hits.length);
  expectSameResults(run);

  figures.kills = {
    kills: kills.length,
    attemptsKilled: hits.length,
    retries: run.retries,
    epochsRedone: run.redoneTotal,
    resumedFromEpochs: [...run.audit.children.values()].map((c) => c.resumedFromEpoch),
    recoverySeconds: recoveries.map((r) => Number(r.toFixed(1))),
    checkpointObjects: await checkpointObjects(store, `runs/${run.workflowId}`, [...run.audit.children.keys()]),
    seconds: run.seconds,
    baselineSeconds,
    artifactsVerified: run.audit.artifactsVerified,
    contentAddressedObjectsVerified: run.contentChecked,
  };
  console.log(`chaos (a): ${JSON.stringify(figures.kills)}`);
});

test('(b) the Temporal server restarts mid-sweep: workers reconnect on their own and the sweep completes with the same results', async () => {
  const rng = createRng(20261123).fork('temporal');
  const downtimesMs: number[] = [];
  const run = await runSweep('temporal', async (handle) => {
    for (const outageMs of TEMPORAL_OUTAGES_MS) {
      // Restart while training attempts are running (their heartbeats and completions must survive it).
      if (!(await waitFor(120_000, async () => (await runningAttempts(client, handle)).length > 0))) return;
      await sleep(200 + rng.int(1500));
      if (outageMs === 0) {
        downtimesMs.push(await chaosStack('restart-temporal'));
      } else {
        const t0 = Date.now();
        await chaosStack('stop-temporal');
        await sleep(outageMs);
        await chaosStack('start-temporal');
        downtimesMs.push(Date.now() - t0);
      }
    }
  });
  expect(downtimesMs).toHaveLength(TEMPORAL_OUTAGES_MS.length);
  expect(fleet.unexpectedExits()).toEqual([]);
  for (const w of [fleet.control!, ...fleet.training]) expect(w.child.exitCode).toBeNull();
  expect(run.result.trials.every((t) => t.status === 'completed')).toBe(true);
  expectSameResults(run);

  figures.temporalRestart = {
    outages: downtimesMs.length,
    downtimeMs: downtimesMs,
    workerProcessesLost: fleet.unexpectedExits().length,
    retries: run.retries,
    epochsRedone: run.redoneTotal,
    seconds: run.seconds,
    baselineSeconds,
    artifactsVerified: run.audit.artifactsVerified,
    contentAddressedObjectsVerified: run.contentChecked,
  };
  console.log(`chaos (b): ${JSON.stringify(figures.temporalRestart)}`);
});

test('(c) the S3 server is down for 30 s mid-training: uploads fail, activities retry, training completes with the same results and nothing corrupt', async () => {
  let outageMs = 0;
  let backAt = 0;
  const run = await runSweep('s3', async (handle) => {
    const runPrefix = `runs/${handle.workflowId}`;
    // Mid-training: an attempt is running and has checkpointed at least one epoch.
    const midTraining = async () => {
      const running = await runningAttempts(client, handle);
      for (const a of running) if ((await pointerEpoch(store, runPrefix, a.trialId)) >= 1) return true;
      return false;
    };
    if (!(await waitFor(120_000, midTraining))) throw new Error('no trial reached its first checkpoint');
    const down = Date.now();
    await chaosStack('stop-s3');
    await sleep(S3_OUTAGE_MS);
    await chaosStack('start-s3');
    backAt = Date.now();
    outageMs = backAt - down;
  });
  expect(outageMs).toBeGreaterThanOrEqual(S3_OUTAGE_MS);
  // Uploads did fail: some attempt was retried; none gave up (every trial completed).
  expect(run.retries).toBeGreaterThan(0);
  expect(run.result.trials.every((t) => t.status === 'completed')).toBe(true);
  expect(fleet.unexpectedExits()).toEqual([]);
  expectSameResults(run);

  figures.s3Outage = {
    outageSeconds: outageMs / 1000,
    retries: run.retries,
    attemptsPerTrial: [...run.audit.children.values()].map((c) => c.attempt),
    epochsRedone: run.redoneTotal,
    sweepDoneAfterS3BackSeconds: Number(((run.endedAt - backAt) / 1000).toFixed(1)),
    seconds: run.seconds,
    baselineSeconds,
    artifactsVerified: run.audit.artifactsVerified,
    contentAddressedObjectsVerified: run.contentChecked,
  };
  console.log(`chaos (c): ${JSON.stringify(figures.s3Outage)}`);
});
