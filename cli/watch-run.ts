import type { Client } from '@temporalio/client';
import type { FineTunePipelineResult, PipelineStatus } from '../workflows/fine-tune-pipeline';
import type { SweepProgress } from '../workflows/sweep-messages';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One human-readable progress line from the pipeline status and sweep progress. */
export function progressLine(status: PipelineStatus, sweep?: SweepProgress): string {
  if (!sweep || status.stage !== 'sweeping') return `stage: ${status.stage}`;
  const best = sweep.best ? ` | best ${sweep.best.trialId} ${sweep.best.score.toFixed(4)}` : '';
  const paused = sweep.state === 'paused' ? ' | PAUSED' : '';
  return `stage: sweeping | trials ${sweep.completed + sweep.failed + sweep.pruned}/${sweep.control.maxTrials} done (${sweep.running} running, ${sweep.pruned} pruned, ${sweep.failed} failed)${best}${paused}`;
}

/**
 * Prints a line whenever progress changes until the run ends; returns its result.
 * Queries go to a workflow that may not have started its sweep yet, so query errors are tolerated.
 */
export async function watchRun(client: Client, workflowId: string, print: (line: string) => void, pollMs = 2000): Promise<FineTunePipelineResult> {
  const handle = client.workflow.getHandle(workflowId);
  const done = handle.result() as Promise<FineTunePipelineResult>;
  let finished = false;
  void done.then(
    () => (finished = true),
    () => (finished = true),
  );
  let lastLine = '';
  while (!finished) {
    try {
      const status = await handle.query<PipelineStatus>('pipelineStatus');
      const sweep = status.stage === 'sweeping' ? await client.workflow.getHandle(status.sweepWorkflowId).query<SweepProgress>('sweepProgress').catch(() => undefined) : undefined;
      const line = progressLine(status, sweep);
      if (line !== lastLine) print(line);
      lastLine = line;
    } catch {
      // not queryable yet (no worker picked it up) or already closed
    }
    await Promise.race([done.catch(() => undefined), sleep(pollMs)]);
  }
  return done;
}
