import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import type { TrainModelInput, TrainModelOutput } from '../../activities/contracts';
import type { Params } from '../../lib/search/space/search-space-schema';
import type { WorkerEnv } from '../../workers/worker-env';
import { connect } from '../../workers/shared';
import { reportTrialStarted } from '../../activities/trial-started';

/**
 * A cheap objective in place of tfjs training, for orchestration tests: the
 * real sweep, trial and pruning workflows on the real server, with a
 * `trainModel` that returns in milliseconds. Its value is a smooth function of
 * `learningRate` peaking at 0.01 (higher is better), reached gradually over
 * epochs, so pruners have learning curves to judge. `failWhen` makes chosen
 * trials fail for good, as a diverged training would. Like the real `trainModel`
 * it reports its start to the sweep, and while it waits (`delayMs`) it heartbeats,
 * so a cancellation reaches it (recorded in `cancelled`). `maxConcurrent` bounds the
 * attempts it runs at once (the others stay scheduled on the queue).
 */
export function cheapObjective(params: Params): number {
  const lr = Number(params.learningRate ?? 0.01);
  return 1 - Math.abs(Math.log10(lr) + 2) / 3;
}

export async function startCheapObjectiveWorker(
  env: WorkerEnv,
  options: {
    failWhen?: (params: Params) => boolean;
    delayMs?: number;
    maxConcurrent?: number;
    /** More activities on the training queue (e.g. a failing evaluateModels). */
    activities?: Record<string, (...args: never[]) => Promise<unknown>>;
  } = {},
) {
  const connection = await connect(env);
  const calls: TrainModelInput[] = [];
  const cancelled: string[] = [];
  const trainModel = async (input: TrainModelInput): Promise<TrainModelOutput> => {
    calls.push(input);
    const ctx = Context.current();
    await reportTrialStarted(ctx, input);
    try {
      for (let waited = 0; waited < (options.delayMs ?? 0); waited += 200) {
        ctx.heartbeat();
        await ctx.sleep(Math.min(200, options.delayMs! - waited));
      }
    } catch (err) {
      cancelled.push(input.trialId);
      throw err;
    }
    if (options.failWhen?.(input.params)) {
      const { ApplicationFailure } = await import('@temporalio/common');
      throw ApplicationFailure.nonRetryable(`trial ${input.trialId} diverged (test)`, 'TrainingDivergedError');
    }
    const final = cheapObjective(input.params);
    const history = Array.from({ length: input.epochs }, (_, i) => {
      const value = final * (1 - 0.5 ** (i + 1));
      return {
        epoch: i + 1,
        trainLoss: 1 - value,
        valLoss: 1 - value,
        valAccuracy: value,
        valMacroF1: value,
        seconds: 0,
        samplesPerSecond: 0,
      };
    });
    const ref = { uri: 'mem://cheap/none', sha256: '0'.repeat(64), bytes: 0, kind: 'model' as const };
    return {
      trialId: input.trialId,
      params: input.params,
      score: history[history.length - 1].valMacroF1,
      history,
      ...(input.finalize === false ? {} : { model: ref, valPredictions: { ...ref, kind: 'predictions' as const } }),
      resumedFromEpoch: 0,
      attempt: 1,
      backend: 'none',
    };
  };
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.FF_TRAINING_TASK_QUEUE,
    activities: { trainModel, ...options.activities },
    maxConcurrentActivityTaskExecutions: options.maxConcurrent ?? 64,
  });
  const running = worker.run();
  return {
    calls,
    cancelled,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
