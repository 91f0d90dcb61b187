import type { Context } from '@temporalio/activity';
import type { TrainModelInput } from './contracts';
import { trialStartedSignal } from '../workflows/sweep-messages';

/**
 * Tells a trial's sweep that a worker started its training (`trialStarted`
 * signal), so the sweep's progress counts it as running rather than scheduled.
 * Sent by every attempt (the sweep ignores repeats); a no-op without
 * `input.reportStartTo` (a trial outside a sweep). Best effort: a failed send
 * (the sweep closed, no client in a test environment) is logged and never
 * fails the training.
 */
export async function reportTrialStarted(
  ctx: Pick<Context, 'client' | 'log'>,
  input: Pick<TrainModelInput, 'reportStartTo'>,
): Promise<void> {
  const to = input.reportStartTo;
  if (!to) return;
  try {
    await ctx.client.workflow.getHandle(to.workflowId).signal(trialStartedSignal, { trialId: to.trialId });
  } catch (err) {
    ctx.log.warn('Could not report the trial start to its sweep', {
      sweepWorkflowId: to.workflowId,
      trialId: to.trialId,
      error: (err as Error).message,
    });
  }
}
