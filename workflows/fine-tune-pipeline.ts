import { ApplicationFailure, defineQuery, executeChild, setHandler, workflowInfo } from '@temporalio/workflow';
import type {
  EvaluateOutput,
  PretrainLanguageModelOutput,
  RegisterModelOutput,
  TrialData,
  TrialRecord,
  WriteReportOutput,
} from '../activities/contracts';
import type { ExperimentConfig } from '../configs/experiment-schema';
import type { ArtifactRef } from '../lib/core/artifact-ref';
import { selectTopK } from '../lib/ensemble/average-top-k';
import { controlActivities, trainingActivities } from './activity-proxies';
import { hpoSweep } from './hpo-sweep';
import { trainTrial } from './train-trial';
import { trialInput } from './trial-input';
import { inheritedSearchAttributes, recordRunAttributes } from './run-attributes';
import { validatePipelineInput } from './validate-input';
import { checkBaseModelFirst, checkTrainingBackendFirst } from './backend-preflight';
import { checkOwnWorkflowId } from './check-run-id';
import { runPrefixFor } from '../lib/core/run-id';
import { pipelineRecoveryQuery, type PipelineRecovery, type PipelineSteps } from './recovery';
import { explainedFailure } from './explain-failure';

/**
 * Input of `fineTunePipeline`. From the Web UI, type either `{"config": {...}}`
 * or the experiment config object itself.
 */
export interface FineTunePipelineInput {
  schemaVersion?: 1;
  config: unknown;
  /** Route training to another queue (e.g. a GPU pool or an isolated test worker). */
  trainingTaskQueue?: string;
  /** Set by `cli recover`: the finished steps of a failed execution of this run, reused instead of recomputed. */
  recovery?: PipelineRecovery;
}

export type PipelineStage =
  | 'validating'
  | 'curating'
  | 'augmenting'
  | 'pretraining'
  | 'sweeping'
  | 'final-training'
  | 'evaluating'
  | 'registering'
  | 'reporting'
  | 'done';

export interface PipelineStatus {
  stage: PipelineStage;
  sweepWorkflowId: string;
}

export interface FineTunePipelineResult {
  runId: string;
  labels: string[];
  /** `cancelled`: trials the sweep cancelled at its deadline (`budget.onDeadline: cancel`); absent when none. */
  trials: { total: number; completed: number; failed: number; pruned: number; cancelled?: number };
  sweepEndReason: string;
  bestTrial: { trialId: string; params: TrialRecord['params']; valScore: number };
  test: EvaluateOutput;
  /** The registry entry of the model chosen on validation (best single or ensemble). */
  registry: RegisterModelOutput;
  summary: ArtifactRef;
  report: ArtifactRef;
  /** The pretrain step's LM and its perplexity; present only when `model.pretrain` is set. */
  pretrain?: Pick<PretrainLanguageModelOutput, 'lm' | 'perplexity' | 'unigramPerplexity' | 'texts'>;
}

export const pipelineStatusQuery = defineQuery<PipelineStatus>('pipelineStatus');

/**
 * The whole fine-tuning run: curate -> augment -> [pretrain an LM on unlabeled
 * text, only with `model.pretrain`; every trial starts from it] -> sweep (child workflow) ->
 * evaluate (ensemble selection on the top-k trials' validation predictions,
 * then test metrics with bootstrap CIs for the best single model and the
 * ensemble) -> register the model chosen on validation -> report. Only ArtifactRefs and small JSON pass between steps. The workflow id
 * is the run id and names the S3 prefix `runs/<runId>/`.
 *
 * Recovery (workflows/recovery.ts): every finished step's output is kept in `steps`, which
 * {@link pipelineRecoveryQuery} reports even after the execution failed; an input with
 * `recovery.steps` skips the steps given there (no activity or child is started for them) and a
 * `recovery.sweep` state makes the sweep go on from where it died. Without `recovery` the
 * commands are exactly those of earlier versions (recorded histories replay).
 */
export async function fineTunePipeline(input: FineTunePipelineInput): Promise<FineTunePipelineResult> {
  try {
    return await runPipeline(input);
  } catch (err) {
    // The run's failure names the activity and the root cause, not only "Activity task failed".
    throw explainedFailure(err);
  }
}

async function runPipeline(input: FineTunePipelineInput): Promise<FineTunePipelineResult> {
  const runId = checkOwnWorkflowId();
  const sweepWorkflowId = `${runId}-sweep`;
  const status: PipelineStatus = { stage: 'validating', sweepWorkflowId };
  setHandler(pipelineStatusQuery, () => status);
  const setStage = (stage: PipelineStage) => {
    status.stage = stage;
    recordRunAttributes({ stage });
  };

  const { config, trainingTaskQueue, recovery, original } = validatePipelineInput(input);
  const reuse: PipelineSteps = recovery?.steps ?? {};
  const steps: PipelineSteps = {};
  setHandler(pipelineRecoveryQuery, () => ({ input: original, steps, sweepWorkflowId }));
  const runPrefix = runPrefixFor(runId);
  const control = controlActivities();
  const training = trainingActivities(trainingTaskQueue);
  await checkTrainingBackendFirst(config, trainingTaskQueue);
  await checkBaseModelFirst(config);

  setStage('curating');
  const curation = (steps.curation = reuse.curation ?? (await control.curateDataset({ runPrefix, config })));
  setStage('augmenting');
  const augmentation = (steps.augmentation =
    reuse.augmentation ?? (await control.augmentTrainSet({ runPrefix, train: curation.train, config })));

  let data: TrialData = {
    train: augmentation.train,
    val: curation.val,
    labels: curation.labels,
    ...(curation.classWeights ? { classWeights: curation.classWeights } : {}),
  };
  // Only when configured: without model.pretrain the pipeline issues exactly the commands it always did (replay).
  let pretrain: PretrainLanguageModelOutput | undefined;
  if (config.model.pretrain) {
    setStage('pretraining');
    pretrain = steps.pretrain =
      reuse.pretrain ?? (await training.pretrainLanguageModel({ runPrefix, config, train: curation.train }));
    data = { ...data, pretrainedLm: pretrain.lm };
  }
  const folds = config.search.crossValidation
    ? (steps.folds =
        reuse.folds ?? (await control.prepareFolds({ runPrefix, config, train: curation.train, val: curation.val })))
        .folds
    : undefined;

  setStage('sweeping');
  // A recovered sweep goes on from the state it died in: finished trials stay, running ones are relaunched.
  const goOn = recovery?.sweep ? { carry: recovery.sweep, recovered: true } : {};
  const sweep = (steps.sweep =
    reuse.sweep ??
    (await executeChild(hpoSweep, {
      workflowId: sweepWorkflowId,
      ...inheritedSearchAttributes(),
      args: [{ runPrefix, config, data: folds ? { ...data, folds } : data, trainingTaskQueue, ...goOn }],
    })));
  let completed = sweep.trials.filter((t) => t.status === 'completed' && (t.model || folds));
  if (folds && completed.length > 0) {
    setStage('final-training');
    completed = steps.finalTrials =
      reuse.finalTrials ?? (await finalTraining(completed, { config, data, runPrefix, trainingTaskQueue }));
  }
  if (completed.length === 0) {
    const firstError = sweep.trials.find((t) => t.error)?.error ?? 'unknown error';
    throw ApplicationFailure.nonRetryable(
      `No trial completed (${sweep.trials.length} started, sweep ended: ${sweep.endReason}); first error: ${firstError}`,
      'SweepFailed',
    );
  }

  setStage('evaluating');
  const candidates = selectTopK(
    completed.filter((t) => t.valPredictions).map((t) => ({ id: t.trialId, score: t.score!, trial: t })),
    config.ensemble.topK,
  );
  const evaluation = (steps.evaluation =
    reuse.evaluation ??
    (await training.evaluateModels({
      runPrefix,
      labels: curation.labels,
      splits: { train: curation.train, val: curation.val, test: curation.test },
      candidates: candidates.map(({ trial }) => ({
        trialId: trial.trialId,
        model: trial.model!,
        valPredictions: trial.valPredictions!,
        valScore: trial.score!,
        params: trial.params,
      })),
      ensemble: config.ensemble,
      evaluation: config.evaluation,
      objective: config.search.objective,
      seed: config.seed,
      funnel: curation.reports,
    })));

  // Registered before the report so the report can show the entry (its key is stable anyway).
  setStage('registering');
  const registry = (steps.registry =
    reuse.registry ?? (await control.registerModel({ runId, config, curation, augmentation, evaluation })));
  setStage('reporting');
  const report: WriteReportOutput = await control.writeReport({
    runPrefix,
    runId,
    config,
    curation,
    augmentation,
    trials: sweep.trials,
    evaluation,
    registry,
  });
  setStage('done');
  const best = candidates[0].trial;
  return {
    runId,
    labels: curation.labels,
    trials: {
      total: sweep.trials.length,
      completed: sweep.trials.filter((t) => t.status === 'completed').length,
      failed: sweep.trials.filter((t) => t.status === 'failed').length,
      pruned: sweep.trials.filter((t) => t.status === 'pruned').length,
      ...cancelledCount(sweep.trials),
    },
    sweepEndReason: sweep.endReason,
    bestTrial: { trialId: best.trialId, params: best.params, valScore: best.score! },
    test: evaluation,
    registry,
    ...report,
    ...(pretrain
      ? {
          pretrain: {
            lm: pretrain.lm,
            perplexity: pretrain.perplexity,
            unigramPerplexity: pretrain.unigramPerplexity,
            texts: pretrain.texts,
          },
        }
      : {}),
  };
}

/** `{cancelled: n}` when the deadline cancelled n > 0 trials, so results of runs without one keep their shape. */
function cancelledCount(trials: TrialRecord[]): { cancelled?: number } {
  const n = trials.filter((t) => t.status === 'cancelled').length;
  return n > 0 ? { cancelled: n } : {};
}

/**
 * After a cross-validated sweep, trains the `ensemble.topK` best configs
 * (ranked by their mean fold score) on the standard train/val split, as child
 * trials `<runId>-final-<trialId>`, so the ensemble and the test evaluation use
 * models whose validation predictions are comparable. Scores stay the CV means.
 */
async function finalTraining(
  trials: TrialRecord[],
  ctx: { config: ExperimentConfig; data: TrialData; runPrefix: string; trainingTaskQueue?: string },
): Promise<TrialRecord[]> {
  const top = selectTopK(
    trials.map((t) => ({ id: t.trialId, score: t.score!, trial: t })),
    ctx.config.ensemble.topK,
  );
  const runId = workflowInfo().workflowId;
  return Promise.all(
    top.map(async ({ trial }) => {
      const final = await executeChild(trainTrial, {
        workflowId: `${runId}-final-${trial.trialId}`,
        args: [trialInput({ ...ctx, trial: { ...trial, trialId: `${trial.trialId}-final` } })],
      });
      return { ...trial, model: final.model, valPredictions: final.valPredictions };
    }),
  );
}
