import { condition, defineQuery, executeChild, setHandler, workflowInfo } from '@temporalio/workflow';
import type { TrialData, TrialRecord } from '../activities/contracts';
import { controlActivities } from './activity-proxies';
import { trainTrial } from './train-trial';
import { validateConfigInWorkflow } from './validate-input';

export interface HpoSweepInput {
  schemaVersion?: 1;
  runPrefix: string;
  config: unknown;
  data: TrialData;
  trainingTaskQueue?: string;
}

export interface HpoSweepResult {
  trials: TrialRecord[];
  best?: TrialRecord;
}

export interface SweepProgress {
  maxTrials: number;
  started: number;
  running: number;
  completed: number;
  failed: number;
  best?: { trialId: string; score: number; params: TrialRecord['params'] };
  trials: Omit<TrialRecord, 'result'>[];
}

export const sweepProgressQuery = defineQuery<SweepProgress>('sweepProgress');

/** Best completed trial by score (ties: lower index). */
export function bestTrial(trials: readonly TrialRecord[]): TrialRecord | undefined {
  return trials
    .filter((t) => t.status === 'completed' && t.score !== undefined && Number.isFinite(t.score))
    .reduce<TrialRecord | undefined>((best, t) => (!best || t.score! > best.score! ? t : best), undefined);
}

/**
 * Hyperparameter sweep: asks the sampler for configs in an activity (so
 * sampler changes never break replay), runs up to `parallelism` trials at once
 * as child workflows, and records every trial as completed or failed: a failed
 * trial never fails the sweep and never stays "running".
 */
export async function hpoSweep(input: HpoSweepInput): Promise<HpoSweepResult> {
  const config = validateConfigInWorkflow(input.config, 'hpoSweep input.config');
  const { maxTrials, parallelism } = config.search;
  const trials: TrialRecord[] = [];
  let running = 0;

  setHandler(sweepProgressQuery, () => {
    const best = bestTrial(trials);
    return {
      maxTrials,
      started: trials.length,
      running,
      completed: trials.filter((t) => t.status === 'completed').length,
      failed: trials.filter((t) => t.status === 'failed').length,
      best: best && { trialId: best.trialId, score: best.score!, params: best.params },
      trials: trials.map(({ result: _result, ...row }) => row),
    };
  });

  const control = controlActivities();
  while (trials.length < maxTrials) {
    await condition(() => running < parallelism);
    const count = Math.min(parallelism - running, maxTrials - trials.length);
    const suggestions = await control.suggestTrials({ config, firstIndex: trials.length, count });
    for (const params of suggestions) {
      const record: TrialRecord = { trialId: `trial-${String(trials.length).padStart(4, '0')}`, index: trials.length, params, status: 'running' };
      trials.push(record);
      running++;
      void runTrial(record).finally(() => running--);
    }
  }
  await condition(() => running === 0);
  return { trials, best: bestTrial(trials) };

  async function runTrial(record: TrialRecord): Promise<void> {
    try {
      const result = await executeChild(trainTrial, {
        workflowId: `${workflowInfo().workflowId}-${record.trialId}`,
        args: [
          {
            runPrefix: input.runPrefix,
            trialId: record.trialId,
            params: record.params,
            epochs: config.search.epochs,
            seed: config.seed + record.index,
            maxLen: config.model.maxLen,
            vocabSize: config.model.vocabSize,
            objective: config.search.objective,
            data: input.data,
            trainingTaskQueue: input.trainingTaskQueue,
          },
        ],
      });
      record.status = 'completed';
      record.score = result.score;
      record.result = result;
    } catch (err) {
      record.status = 'failed';
      record.error = describeFailure(err);
    }
  }
}

/** The innermost failure message (child -> activity -> application failure). */
function describeFailure(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
