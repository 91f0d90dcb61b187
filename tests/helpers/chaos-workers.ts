import { hostname } from 'node:os';
import type { WorkerEnv } from '../../workers/worker-env';
import { chaosStackVars } from './chaos-stack';
import { envVars } from './real-stack';
import { spawnWorker, type SpawnedWorker } from './spawn-worker';

/**
 * Real worker processes for chaos tests: one control worker (prebuilt workflow
 * bundle, so a restart takes seconds) and N training workers that a test may
 * SIGKILL and replace. Every process's output is kept, also of killed ones,
 * because the epoch ledger is read from their logs.
 */
export class WorkerFleet {
  readonly training: SpawnedWorker[] = [];
  control?: SpawnedWorker;
  private readonly all: SpawnedWorker[] = [];
  private readonly vars: Record<string, string>;

  constructor(env: WorkerEnv, extra: Record<string, string> = {}) {
    // SDK info level: activity context logs ("Epoch done", "Resuming trial...") carry the attempt number.
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = chaosStackVars();
    this.vars = {
      ...envVars(env),
      AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY,
      FF_SDK_LOG_LEVEL: 'info',
      FF_SHUTDOWN_GRACE_SECONDS: '1',
      ...extra,
    };
  }

  /** Starts the control worker and `trainingWorkers` training workers; resolves when all poll. */
  async start(trainingWorkers: number): Promise<void> {
    this.control = this.spawn('control-worker');
    for (let i = 0; i < trainingWorkers; i++) this.training.push(this.spawn('training-worker'));
    await Promise.all([this.control, ...this.training].map((w) => w.ready));
  }

  /** SIGKILLs training worker `slot` (like a crashed or preempted machine). */
  async kill(slot: number): Promise<void> {
    await this.training[slot].kill();
  }

  /** Starts a fresh training worker in `slot` and waits until it polls. */
  async replace(slot: number): Promise<void> {
    this.training[slot] = this.spawn('training-worker');
    await this.training[slot].ready;
  }

  /** Temporal's identity of the worker in `slot` (the SDK default `<pid>@<host>`). */
  identity(slot: number): string {
    return `${this.training[slot].child.pid}@${hostname()}`;
  }

  /** The processes that died on their own (not killed by the test): a worker must survive server outages. */
  unexpectedExits(): string[] {
    return this.all
      .filter((w) => w.child.exitCode !== null && w.child.signalCode !== 'SIGKILL' && w.child.signalCode !== 'SIGTERM')
      .map((w) => `pid ${w.child.pid} exited with ${w.child.exitCode}:\n${w.output().slice(-3000)}`);
  }

  /** The output of every process this fleet started. */
  outputs(): string[] {
    return this.all.map((w) => w.output());
  }

  /** Stops every process still running (SIGTERM). */
  async stop(): Promise<void> {
    await Promise.all(this.all.map((w) => w.stop()));
  }

  private spawn(name: 'training-worker' | 'control-worker'): SpawnedWorker {
    const worker = spawnWorker(name, this.vars);
    this.all.push(worker);
    return worker;
  }
}

/** One training attempt of one trial, as its worker logged it. */
export interface AttemptLog {
  /** The trial's child workflow id (`<sweepId>-<trialId>`): trial ids repeat across sweeps. */
  workflowId: string;
  trialId: string;
  attempt: number;
  /** Epoch the attempt resumed from (0 when it started fresh). */
  resumedFrom: number;
  /** Epochs this attempt completed and checkpointed, in order. */
  epochs: number[];
  /** Time (ms) of the attempt's first log line: when it had read its resume point. */
  firstLogAt: number;
}

/**
 * Reads the training attempts from worker logs (JSON lines "Epoch done" and
 * "Resuming trial from checkpoint", with the SDK's `attempt` metadata). A line
 * a SIGKILLed process had not yet written is missing, so counts are lower
 * bounds of work done and of work redone.
 */
export function attemptLedger(outputs: string[]): AttemptLog[] {
  const byKey = new Map<string, AttemptLog>();
  for (const output of outputs) {
    for (const line of output.split('\n')) {
      if (!line.startsWith('{')) continue;
      let rec: { msg?: string; trialId?: string; workflowId?: string; attempt?: number; epoch?: number; time?: string };
      try {
        rec = JSON.parse(line);
      } catch {
        continue;
      }
      if (
        !rec.trialId ||
        !rec.workflowId ||
        rec.attempt === undefined ||
        (rec.msg !== 'Epoch done' && rec.msg !== 'Resuming trial from checkpoint')
      )
        continue;
      const key = `${rec.workflowId}#${rec.attempt}`;
      const at = Date.parse(rec.time ?? '');
      const entry = byKey.get(key) ?? {
        workflowId: rec.workflowId,
        trialId: rec.trialId,
        attempt: rec.attempt,
        resumedFrom: 0,
        epochs: [],
        firstLogAt: at,
      };
      entry.firstLogAt = Math.min(entry.firstLogAt, at);
      if (rec.msg === 'Epoch done') entry.epochs.push(rec.epoch!);
      else entry.resumedFrom = rec.epoch!;
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()].sort((a, b) => a.workflowId.localeCompare(b.workflowId) || a.attempt - b.attempt);
}

/** Per trial workflow: epochs trained again although an earlier attempt had completed them. */
export function epochsRedone(ledger: AttemptLog[]): Map<string, number> {
  const redone = new Map<string, number>();
  const done = new Map<string, number>();
  for (const a of ledger) {
    const before = done.get(a.workflowId) ?? 0;
    redone.set(a.workflowId, (redone.get(a.workflowId) ?? 0) + Math.max(0, before - a.resumedFrom));
    done.set(a.workflowId, Math.max(before, ...a.epochs));
  }
  return redone;
}
