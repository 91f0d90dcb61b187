import { ApplicationFailure, defineQuery, executeChild, setHandler, workflowInfo } from '@temporalio/workflow';
import type { EvaluateOutput, TrialRecord, WriteReportOutput } from '../activities/contracts';
import type { ArtifactRef } from '../lib/core/artifact-ref';
import { selectTopK } from '../lib/ensemble/average-top-k';
import { controlActivities, trainingActivities } from './activity-proxies';
import { hpoSweep } from './hpo-sweep';
import { inheritedSearchAttributes, recordRunAttributes } from './run-attributes';
import { validatePipelineInput } from './validate-input';

/**
 * Input of `fineTunePipeline`. From the Web UI, type either `{"config": {...}}`
 * or the experiment config object itself.
 */
export interface FineTunePipelineInput {
  schemaVersion?: 1;
  config: unknown;
  /** Route training to another queue (e.g. a GPU pool or an isolated test worker). */
  trainingTaskQueue?: string;
}

export type PipelineStage = 'validating' | 'curating' | 'augmenting' | 'sweeping' | 'evaluating' | 'reporting' | 'done';

export interface PipelineStatus {
  stage: PipelineStage;
  sweepWorkflowId: string;
}

export interface FineTunePipelineResult {
  runId: string;
  labels: string[];
  trials: { total: number; completed: number; failed: number; pruned: number };
  sweepEndReason: string;
  bestTrial: { trialId: string; params: TrialRecord['params']; valScore: number };
  test: EvaluateOutput;
  summary: ArtifactRef;
  report: ArtifactRef;
}

export const pipelineStatusQuery = defineQuery<PipelineStatus>('pipelineStatus');

/**
 * The whole fine-tuning run: curate -> augment -> sweep (child workflow) ->
 * evaluate the top-k trials and their ensemble on the held-out test split ->
 * report. Only ArtifactRefs and small JSON pass between steps. The workflow id
 * is the run id and names the S3 prefix `runs/<runId>/`.
 */
export async function fineTunePipeline(input: FineTunePipelineInput): Promise<FineTunePipelineResult> {
  const runId = workflowInfo().workflowId;
  const sweepWorkflowId = `${runId}-sweep`;
  const status: PipelineStatus = { stage: 'validating', sweepWorkflowId };
  setHandler(pipelineStatusQuery, () => status);
  const setStage = (stage: PipelineStage) => {
    status.stage = stage;
    recordRunAttributes({ stage });
  };

  const { config, trainingTaskQueue } = validatePipelineInput(input);
  const runPrefix = `runs/${runId}`;
  const control = controlActivities();
  const training = trainingActivities(trainingTaskQueue);

  setStage('curating');
  const curation = await control.curateDataset({ runPrefix, config });
  setStage('augmenting');
  const augmentation = await control.augmentTrainSet({ runPrefix, train: curation.train, config });

  setStage('sweeping');
  const sweep = await executeChild(hpoSweep, {
    workflowId: sweepWorkflowId,
    ...inheritedSearchAttributes(),
    args: [{ runPrefix, config, data: { train: augmentation.train, val: curation.val, labels: curation.labels, ...(curation.classWeights ? { classWeights: curation.classWeights } : {}) }, trainingTaskQueue }],
  });
  const completed = sweep.trials.filter((t) => t.status === 'completed' && t.model);
  if (completed.length === 0) {
    const firstError = sweep.trials.find((t) => t.error)?.error ?? 'unknown error';
    throw ApplicationFailure.nonRetryable(`No trial completed (${sweep.trials.length} started, sweep ended: ${sweep.endReason}); first error: ${firstError}`, 'SweepFailed');
  }

  setStage('evaluating');
  const top = selectTopK(
    completed.map((t) => ({ id: t.trialId, score: t.score!, trial: t })),
    config.ensemble.topK,
  );
  const evaluation = await training.evaluateModels({
    runPrefix,
    test: curation.test,
    labels: curation.labels,
    members: top.map(({ trial }) => ({ trialId: trial.trialId, model: trial.model!, valScore: trial.score! })),
  });

  setStage('reporting');
  const report: WriteReportOutput = await control.writeReport({ runPrefix, runId, config, curation, augmentation, trials: sweep.trials, evaluation });
  setStage('done');
  const best = top[0].trial;
  return {
    runId,
    labels: curation.labels,
    trials: {
      total: sweep.trials.length,
      completed: completed.length,
      failed: sweep.trials.filter((t) => t.status === 'failed').length,
      pruned: sweep.trials.filter((t) => t.status === 'pruned').length,
    },
    sweepEndReason: sweep.endReason,
    bestTrial: { trialId: best.trialId, params: best.params, valScore: best.score! },
    test: evaluation,
    ...report,
  };
}
