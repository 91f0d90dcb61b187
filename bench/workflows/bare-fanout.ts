import { condition, executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';

/**
 * Baseline for the sweep-overhead bench: the same shape of work as hpoSweep
 * (N child workflows, each one activity, at most P at a time) with none of its
 * logic (no sampler, pruning, control, budgets or continue-as-new).
 */
export async function bareTrial(index: number): Promise<number> {
  const { trainModel } = proxyActivities<{
    trainModel(input: { trialId: string; epochs: number; params: Record<string, number> }): Promise<{ score: number }>;
  }>({
    taskQueue: `${workflowInfo().taskQueue}-training`,
    startToCloseTimeout: '1 minute',
  });
  const out = await trainModel({ trialId: `bare-${index}`, epochs: 1, params: { learningRate: 0.01 } });
  return out.score;
}

export async function bareFanout(n: number, parallelism: number): Promise<number> {
  let running = 0;
  let done = 0;
  for (let i = 0; i < n; i++) {
    await condition(() => running < parallelism);
    running++;
    void executeChild(bareTrial, { workflowId: `${workflowInfo().workflowId}-${i}`, args: [i] }).finally(() => {
      running--;
      done++;
    });
  }
  await condition(() => done === n);
  return done;
}
