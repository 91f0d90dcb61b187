import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { TrainingHeartbeat } from '../activities/contracts';
import type { FineTunePipelineResult, PipelineStatus } from '../workflows/fine-tune-pipeline';
import type { SweepProgress } from '../workflows/sweep-messages';
import type { TrainTrialInput } from '../workflows/train-trial';
import { printable } from '../lib/core/printable';
import { sweepProgress } from './sweep-commands';
import { settledTrials, trialCounts } from './trial-counts';
import { isConnectionLoss, reconnect, type ReconnectOptions } from './reconnect';
import { ProgressBars, type TrialEpochProgress, type WatchReporter, type WatchSnapshot } from './progress-bars';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One human-readable progress line from the pipeline status and sweep progress (trial ids through {@link printable}). */
export function progressLine(status: PipelineStatus, sweep?: SweepProgress): string {
  return printable(rawProgressLine(status, sweep));
}

function rawProgressLine(status: PipelineStatus, sweep?: SweepProgress): string {
  if (!sweep || status.stage !== 'sweeping') return `stage: ${status.stage}`;
  const best = sweep.best ? ` | best ${sweep.best.trialId} ${sweep.best.score.toFixed(4)}` : '';
  const paused = sweep.state === 'paused' ? ' | PAUSED' : '';
  return `stage: sweeping | trials ${settledTrials(sweep)}/${sweep.control.maxTrials} done (${trialCounts(sweep)})${best}${paused}`;
}

/** Prints `progressLine` whenever it changes: pipes, CI logs and `--json` (with a no-op print). */
export function lineReporter(print: (line: string) => void): WatchReporter {
  let last = '';
  return {
    wantsTrialEpochs: false,
    show({ status, sweep }) {
      const line = progressLine(status, sweep);
      if (line !== last) print(line);
      last = line;
    },
    stop() {},
  };
}

/** Bars on a terminal; one line per change otherwise (and nothing with --json). */
export function reporterFor(json: boolean, stream: NodeJS.WriteStream = process.stdout): WatchReporter {
  if (json) return lineReporter(() => undefined);
  return stream.isTTY ? new ProgressBars(stream) : lineReporter((line) => stream.write(`${line}\n`));
}

/** Decodes the first payload with the client's codecs (FF_PAYLOAD_KEY) and payload converter. */
async function decodeFirst<T>(client: Client, payloads: unknown[] | null | undefined): Promise<T | undefined> {
  if (!payloads?.length) return undefined;
  const { payloadConverter, payloadCodecs } = client.options.loadedDataConverter;
  let decoded = payloads as Payload[];
  for (const codec of [...payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  return payloadConverter.fromPayload<T>(decoded[0]);
}

/**
 * A trial's total epochs from its child workflow's input (first history event).
 * The heartbeat's `k/N` is not enough: with pruning each activity trains to the
 * next epoch only, so N there is the chunk's target, not the trial's.
 */
async function trialTotalEpochs(client: Client, workflowId: string): Promise<number | undefined> {
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId },
    maximumPageSize: 1,
  });
  const input = await decodeFirst<TrainTrialInput>(
    client,
    history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads,
  );
  return input?.epochs;
}

/**
 * Epoch progress of one running trial: the newest heartbeat of its training
 * activities (`<sweepId>-<trialId>` child; with cross-validation one activity per
 * fold, and the least advanced fold counts). Missing pieces give epoch 0 / total 0.
 */
async function trialEpochProgress(
  client: Client,
  sweepId: string,
  trialId: string,
  totals: Map<string, number>,
): Promise<TrialEpochProgress> {
  const workflowId = `${sweepId}-${trialId}`;
  if (!totals.has(workflowId)) {
    const total = await trialTotalEpochs(client, workflowId).catch(() => undefined);
    if (total) totals.set(workflowId, total);
  }
  const { raw } = await client.workflow.getHandle(workflowId).describe();
  const beats: TrainingHeartbeat[] = [];
  for (const a of raw.pendingActivities ?? []) {
    const beat = await decodeFirst<TrainingHeartbeat>(client, a.heartbeatDetails?.payloads).catch(() => undefined);
    if (beat && typeof beat.epoch === 'number') beats.push(beat);
  }
  const least = beats.sort((a, b) => a.epoch - b.epoch)[0];
  const detail = least?.progress?.replace(/^[^:]*: epoch \d+\/\d+, /, '');
  return { trialId, epoch: least?.epoch ?? 0, epochs: totals.get(workflowId) ?? 0, detail };
}

/** Stages after the sweep: its final counts come from its result (a closed sweep answers no queries without a worker). */
const AFTER_SWEEP = new Set(['final-training', 'evaluating', 'registering', 'reporting', 'done']);

async function snapshot(
  client: Client,
  handle: ReturnType<Client['workflow']['getHandle']>,
  wantsEpochs: boolean,
  cache: WatchCache,
): Promise<WatchSnapshot> {
  const status = await handle.query<PipelineStatus>('pipelineStatus');
  if (wantsEpochs && AFTER_SWEEP.has(status.stage)) {
    cache.closedSweep ??= await sweepProgress(client, status.sweepWorkflowId).catch(() => undefined);
    return { status, sweep: cache.closedSweep };
  }
  const sweep =
    status.stage === 'sweeping'
      ? await client.workflow
          .getHandle(status.sweepWorkflowId)
          .query<SweepProgress>('sweepProgress')
          .catch(() => undefined)
      : undefined;
  if (!sweep || !wantsEpochs) return { status, sweep };
  const running = sweep.trials.filter((t) => t.status === 'running');
  const trialEpochs = await Promise.all(
    running.map((t) =>
      trialEpochProgress(client, status.sweepWorkflowId, t.trialId, cache.totals).catch(() => ({
        trialId: t.trialId,
        epoch: 0,
        epochs: 0,
      })),
    ),
  );
  return { status, sweep, trialEpochs };
}

interface WatchCache {
  /** Total epochs per trial workflow id (from its input; fetched once). */
  totals: Map<string, number>;
  closedSweep?: SweepProgress;
}

/**
 * Shows progress through `reporter` (or prints a line per change when given a
 * function) until the run ends; returns its result. Queries go to a workflow that
 * may not have started its sweep yet, so query errors are tolerated. With
 * `reconnectOptions`, a lost connection to Temporal (the result's long poll
 * failing with UNAVAILABLE once the client's own gRPC retries, ~20 s, are spent)
 * is ridden out by {@link reconnect}: one line per attempt, then progress goes on
 * from a fresh connection; past its limit it throws WatchGaveUpError. Without
 * them the connection error is thrown, as before.
 */
export async function watchRun(
  client: Client,
  workflowId: string,
  reporter: WatchReporter | ((line: string) => void),
  pollMs = 2000,
  reconnectOptions?: ReconnectOptions,
): Promise<FineTunePipelineResult> {
  const report = typeof reporter === 'function' ? lineReporter(reporter) : reporter;
  const cache: WatchCache = { totals: new Map() };
  let current = client;
  try {
    for (;;) {
      try {
        return await follow(current, workflowId, report, pollMs, cache);
      } catch (err) {
        if (!reconnectOptions || !isConnectionLoss(err)) throw err;
        current = await reconnect(reconnectOptions, workflowId, err);
      }
    }
  } finally {
    report.stop();
  }
}

/** Polls progress on one client until the run's result (or its failure, or a lost connection) arrives. */
async function follow(
  client: Client,
  workflowId: string,
  report: WatchReporter,
  pollMs: number,
  cache: WatchCache,
): Promise<FineTunePipelineResult> {
  const handle = client.workflow.getHandle(workflowId);
  const done = handle.result() as Promise<FineTunePipelineResult>;
  let finished = false;
  void done.then(
    () => (finished = true),
    () => (finished = true),
  );
  while (!finished) {
    try {
      report.show(await snapshot(client, handle, report.wantsTrialEpochs, cache));
    } catch {
      // not queryable yet (no worker picked it up), already closed, or the server is away (the result says which)
    }
    await Promise.race([done.catch(() => undefined), sleep(pollMs)]);
  }
  return done;
}
