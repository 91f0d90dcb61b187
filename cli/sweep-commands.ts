import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ConfigError } from '../lib/core/errors';
import { printable } from '../lib/core/printable';
import type { HpoSweepResult } from '../workflows/hpo-sweep';
import type { SweepCommand } from '../workflows/sweep-control';
import type { SweepProgress } from '../workflows/sweep-messages';
import { trialCounts } from './trial-counts';

/**
 * The sweep behind an id: the id itself when it is an `hpoSweep`, or the child
 * sweep of a `fineTunePipeline`, so users can steer with the run id they know.
 */
export async function resolveSweepId(client: Client, workflowId: string): Promise<string> {
  const description = await client.workflow.getHandle(workflowId).describe();
  if (description.type === 'hpoSweep') return workflowId;
  // Same convention as fineTunePipeline (PipelineStatus.sweepWorkflowId); no query, so it works on closed runs too.
  if (description.type === 'fineTunePipeline') return `${workflowId}-sweep`;
  throw new ConfigError(`${workflowId} is a ${description.type} workflow; pass a fineTunePipeline or hpoSweep id`);
}

/**
 * Sends a validated control command as an update and returns the sweep's progress
 * after it applied. A rejected command becomes a ConfigError with the workflow's reason.
 */
export async function sendSweepCommand(
  client: Client,
  workflowId: string,
  command: SweepCommand,
): Promise<SweepProgress> {
  const sweepId = await resolveSweepId(client, workflowId);
  const { status } = await client.workflow.getHandle(sweepId).describe();
  if (status.name !== 'RUNNING')
    throw new ConfigError(`sweep ${sweepId} is ${status.name}: there is nothing to ${command.action}`);
  try {
    return await client.workflow
      .getHandle(sweepId)
      .executeUpdate<SweepProgress, [SweepCommand]>('sweepControl', { args: [command] });
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError)
      throw new ConfigError(`${sweepId} rejected ${command.action}: ${err.cause?.message ?? err.message}`);
    throw err;
  }
}

/**
 * A compact, human-readable view of a sweep: state, budget, best, top trials, audit.
 * Reasons, params and audit messages come from users and data: each line goes through {@link printable}.
 */
export function formatSweepProgress(sweepId: string, p: SweepProgress, top = 5): string {
  const lines = [
    `${sweepId}: ${p.state}${p.endReason ? ` (${p.endReason})` : ''}, generation ${p.generation}`,
    `trials ${p.started}/${p.control.maxTrials} started: ${p.completed} completed, ${trialCounts(p)}${p.state === 'done' ? '' : ` (parallelism ${p.control.parallelism})`}`,
  ];
  if (p.best) lines.push(`best ${p.best.trialId} ${p.best.score.toFixed(4)} ${JSON.stringify(p.best.params)}`);
  const ranked = p.trials
    .filter((t) => t.status === 'completed')
    .sort((a, b) => b.score! - a.score!)
    .slice(0, top);
  for (const t of ranked) lines.push(`  ${t.trialId}  ${t.score!.toFixed(4)}  ${JSON.stringify(t.params)}`);
  for (const a of p.audit.slice(-5))
    lines.push(`  audit ${a.at} ${a.via} ${a.outcome}: ${JSON.stringify(a.command)} -> ${a.message}`);
  return lines.map((line) => printable(line)).join('\n');
}

/**
 * Progress of a sweep, running or closed: a running one answers the query; a
 * closed one is rebuilt from its result (queries on closed runs need a worker).
 */
export async function sweepProgress(client: Client, sweepId: string): Promise<SweepProgress> {
  const handle = client.workflow.getHandle(sweepId);
  if ((await handle.describe()).status.name === 'RUNNING') return handle.query<SweepProgress>('sweepProgress');
  const result: HpoSweepResult = await handle.result();
  const count = (s: string) => result.trials.filter((t) => t.status === s).length;
  const best = result.best;
  return {
    state: 'done',
    generation: result.generations - 1,
    control: { paused: false, stopRequested: false, maxTrials: result.trials.length, parallelism: 0 },
    started: result.trials.length,
    scheduled: 0,
    running: 0,
    completed: count('completed'),
    failed: count('failed'),
    pruned: count('pruned'),
    cancelled: count('cancelled'),
    best: best && { trialId: best.trialId, score: best.score!, params: best.params },
    endReason: result.endReason,
    trials: result.trials.map(({ model: _m, valPredictions: _v, ...row }) => row),
    audit: result.audit,
  };
}
