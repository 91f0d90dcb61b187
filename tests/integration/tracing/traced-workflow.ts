import { proxyActivities } from '@temporalio/workflow';

/** A test-only workflow: one activity call, so a trace has a workflow and an activity span. */
export async function tracedEcho(text: string): Promise<string> {
  const { echo } = proxyActivities<{ echo(text: string): Promise<string> }>({ startToCloseTimeout: '10 seconds' });
  return echo(text);
}
