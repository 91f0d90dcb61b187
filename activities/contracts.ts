/**
 * Inputs and outputs of every activity: the durable API between workflows and
 * workers. Only small JSON and ArtifactRefs cross here, never datasets or
 * weights (Temporal payloads are capped at 2 MB). Workflows import these as
 * types only.
 */
import type { ArtifactRef } from '../lib/core/artifact-ref';
import type { BackendRequirement, SelectedBackend } from '../lib/models/runtime/backend-requirement';
import type { ClassifierEpochMetrics, LmEpochMetrics } from '../lib/models/training/epoch-metrics';
import type { ModelMetrics } from '../lib/evaluation/model-metrics';
import type { ExperimentConfig } from '../configs/experiment-schema';
import type { Params } from '../lib/search/space/search-space-schema';
import type { ModelFamily } from '../lib/models/model-family';
import type { TrialObservation, TrialState } from '../lib/search/types';
import type { PruningRule } from '../lib/search/pruners/pruning-rule';

/** Funnel counts of one curation stage (see lib/data/stage-report.ts). */
export interface StageCounts {
  stage: string;
  in: number;
  kept: number;
  dropped: Record<string, number>;
}

export interface CurateDatasetInput {
  runPrefix: string;
  config: ExperimentConfig;
}

export interface CurateDatasetOutput {
  train: ArtifactRef;
  val: ArtifactRef;
  test: ArtifactRef;
  labels: string[];
  quarantine?: ArtifactRef;
  quarantinedRows: number;
  reports: StageCounts[];
  /** Loss weights by label, when `curation.balance.method` is 'class-weights'. */
  classWeights?: Record<string, number>;
}

export interface AugmentInput {
  runPrefix: string;
  train: ArtifactRef;
  config: ExperimentConfig;
}

export interface AugmentOutput {
  train: ArtifactRef;
  report: StageCounts;
}

/** The data a trial trains and validates on. */
export interface TrialData {
  train: ArtifactRef;
  val: ArtifactRef;
  labels: string[];
  /** Curation's class weights (by label), used when `model.classWeights` is 'from-curation'. */
  classWeights?: Record<string, number>;
  /** Cross-validation folds of train+val; when present a trial trains one model per fold. */
  folds?: FoldData[];
  /** The causal LM of the pipeline's pretrain step (`model.pretrain`); every trial's classifier starts from it. */
  pretrainedLm?: ArtifactRef;
}

/** One cross-validation fold: train on `train` (augmented), score on `val`. */
export interface FoldData {
  train: ArtifactRef;
  val: ArtifactRef;
}

export interface PrepareFoldsInput {
  runPrefix: string;
  config: ExperimentConfig;
  /** Curated (not augmented) train and val splits; the test split is never used. */
  train: ArtifactRef;
  val: ArtifactRef;
}

export interface PrepareFoldsOutput {
  folds: FoldData[];
  /** Rows per fold's validation part, to judge how comparable fold scores are. */
  foldSizes: number[];
}

export interface SuggestTrialsInput {
  config: ExperimentConfig;
  /** Every trial so far (all continue-as-new generations), as samplers see them. */
  history: TrialObservation[];
  count: number;
}

/** A suggested trial: its params and the pruning rule frozen from the history at launch. */
export interface TrialSuggestion {
  params: Params;
  pruning?: PruningRule;
}

/** `config.model` minus what TrainModelInput carries on its own (family, maxLen, vocabSize, requireBackend, checkpoint intervals). */
export type TrainModelOptions = Omit<
  ExperimentConfig['model'],
  'family' | 'maxLen' | 'vocabSize' | 'requireBackend' | 'checkpointEverySteps' | 'checkpointEveryMinutes'
>;

export interface TrainModelInput {
  runPrefix: string;
  trialId: string;
  /** The trial's model family; absent: text-classifier (inputs written before families existed). */
  family?: ModelFamily;
  /** The family's own hyperparameters (without the `family.` prefix a cross-family space gives them). */
  params: Params;
  epochs: number;
  seed: number;
  maxLen: number;
  vocabSize: number;
  objective: ExperimentConfig['search']['objective'];
  data: TrialData;
  /**
   * The config's fixed model options (encoder sizes, freeze, unfreezeEvery,
   * pretrainedVectors, classWeights). Absent: the original model.
   */
  model?: TrainModelOptions;
  /** `model.checkpointEverySteps`: also checkpoint every this many batches inside an epoch. Absent: at epoch ends only. */
  checkpointEverySteps?: number;
  /** `model.checkpointEveryMinutes`: also checkpoint inside an epoch once this many minutes passed since the last one. Absent: no time-based checkpoints. */
  checkpointEveryMinutes?: number;
  /** `model.requireBackend` when not 'any': the attempt fails (ConfigError) on a worker that does not meet it. */
  requireBackend?: Exclude<BackendRequirement, 'any'>;
  /**
   * Write the final model and validation predictions (the last chunk of a trial).
   * Chunks before a pruning decision skip it. Default true.
   */
  finalize?: boolean;
  /**
   * `registry.onExisting`, only when 'newVersion': a learning curve that conflicts with one
   * another run of this id left is written as a new version instead of failing the trial.
   */
  onExisting?: 'newVersion';
  /**
   * A sweep's trial: the activity signals `trialStarted` with `trialId` to `workflowId` when a worker
   * starts it, so the sweep can tell scheduled trials from running ones. Absent: nothing is sent.
   */
  reportStartTo?: { workflowId: string; trialId: string };
}

export interface CheckTrainingBackendInput {
  requirement: BackendRequirement;
}

/** What the training worker that took the check runs (it threw a ConfigError instead when that misses the requirement). */
export interface CheckTrainingBackendOutput {
  backend: SelectedBackend;
  description: string;
  taskQueue: string;
}

export interface PretrainLanguageModelInput {
  runPrefix: string;
  /** `config.model.pretrain` must be set; `config.seed` seeds the corpus sample and the LM. */
  config: ExperimentConfig;
  /** The curated train split: the corpus when `model.pretrain.corpus` is 'train-texts' (labels ignored). */
  train: ArtifactRef;
}

/** What the pretrain activity heartbeats after every checkpoint; a retry resumes from `checkpoint`. */
export interface PretrainHeartbeat {
  /** Epochs completed. */
  epoch: number;
  /** Batches of epoch `epoch + 1` done, for a mid-epoch checkpoint; absent at an epoch boundary. */
  step?: number;
  checkpoint: ArtifactRef;
  metrics?: LmEpochMetrics;
  progress?: string;
  /** Where the running epoch is (timer heartbeats only); never a resume point. */
  live?: LiveTrainingProgress;
}

export interface PretrainLanguageModelOutput {
  /** The LM checkpoint (causal-lm-trainer.ts format) trials fine-tune from. */
  lm: ArtifactRef;
  /** Perplexity on the held-out corpus texts after the last epoch, and of an add-one unigram model on the same texts. */
  perplexity: number;
  unigramPerplexity: number;
  texts: { train: number; val: number };
  history: LmEpochMetrics[];
  resumedFromEpoch: number;
  attempt: number;
  backend: string;
}

/** Per-epoch metrics (lib/models/training/epoch-metrics.ts) are heartbeated and recorded in learning curves as they are. */
export type { ClassifierEpochMetrics, LmEpochMetrics };

/** What a training activity heartbeats after every checkpoint; a retry resumes from `checkpoint`. */
export interface TrainingHeartbeat {
  /** Epochs completed. */
  epoch: number;
  /** Batches of epoch `epoch + 1` done, for a mid-epoch checkpoint; absent at an epoch boundary. */
  step?: number;
  checkpoint: ArtifactRef;
  /** Absent when the resume point came from the S3 checkpoint pointer rather than a heartbeat. */
  metrics?: ClassifierEpochMetrics;
  /** One human-readable line for the Web UI's pending-activity view. */
  progress?: string;
  /** Where the running epoch is (timer heartbeats only); never a resume point. */
  live?: LiveTrainingProgress;
}

/**
 * The running epoch's position at its last batch boundary, as the training
 * thread posted it; the activity's timer heartbeats it beside the resume point
 * (alone, before the attempt's first checkpoint exists).
 */
export interface LiveTrainingProgress {
  /** The running epoch (1-based). */
  epoch: number;
  /** Batches of it done. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** Mean train loss of the epoch's batches so far. */
  trainLoss: number;
}

/** A timer heartbeat sent before the attempt has any resume point: progress only (a retry starts fresh from it). */
export interface ProgressOnlyHeartbeat {
  live: LiveTrainingProgress;
  checkpoint?: undefined;
}

export interface TrainModelOutput {
  trialId: string;
  params: Params;
  /** The objective's final value (higher is better). */
  score: number;
  history: ClassifierEpochMetrics[];
  /** Present when the input asked to finalize. */
  model?: ArtifactRef;
  valPredictions?: ArtifactRef;
  /** Epochs already done when this attempt started (> 0 means it resumed from a checkpoint). */
  resumedFromEpoch: number;
  /** Batches of the next epoch already done when this attempt started (a mid-epoch checkpoint); absent when 0. */
  resumedFromStep?: number;
  attempt: number;
  backend: string;
  /** True when early stopping (`patience`) ended the trial before `epochs`. Absent from older workers. */
  stoppedEarly?: boolean;
}

/** What a trial child workflow returns: the last chunk's output, and whether it was pruned. */
export interface TrialRunResult extends TrainModelOutput {
  pruned: boolean;
  /** With cross-validation: each fold's objective; `score` is their mean. */
  foldScores?: number[];
}

/**
 * One row of the sweep's leaderboard: compact (no learning curves beyond the
 * per-epoch objective), because every row is carried across continue-as-new.
 */
/**
 * Where a trial of a sweep stands: `scheduled` (launched, no worker has started its training yet),
 * `running` (a worker started it), then one of the sampler's outcomes, or `cancelled` (stopped by the
 * sweep at its deadline with `budget.onDeadline: cancel`: neither completed nor failed, never an
 * ensemble candidate, not counted toward `maxFailedTrials`).
 */
export type TrialStatus = Exclude<TrialState, 'running'> | 'scheduled' | 'running' | 'cancelled';

export interface TrialRecord {
  trialId: string;
  index: number;
  params: Params;
  status: TrialStatus;
  /** Final objective (completed) or last value (pruned). */
  score?: number;
  /** Objective after each epoch, for pruning and learning curves. */
  intermediate?: number[];
  model?: ArtifactRef;
  valPredictions?: ArtifactRef;
  resumedFromEpoch?: number;
  /** With cross-validation: each fold's objective (`score` is their mean). */
  foldScores?: number[];
  /** Training wall time of a finished trial: the sum of its epochs' seconds (the cost samplers and the report see). */
  seconds?: number;
  error?: string;
}

/** One candidate of the evaluation: a completed trial with its model and validation predictions. */
export interface EvaluateCandidate {
  trialId: string;
  model: ArtifactRef;
  valPredictions: ArtifactRef;
  valScore: number;
  params: Params;
}

export interface EvaluateInput {
  runPrefix: string;
  labels: string[];
  /** The curated splits (train before augmentation, for the leakage check). */
  splits: { train: ArtifactRef; val: ArtifactRef; test: ArtifactRef };
  /** The top trials by validation score, best first. */
  candidates: EvaluateCandidate[];
  ensemble: ExperimentConfig['ensemble'];
  evaluation: ExperimentConfig['evaluation'];
  objective: ExperimentConfig['search']['objective'];
  seed: number;
  /** Curation funnel counts (rows in, conflicting-label duplicates) for the diagnosis. */
  funnel: StageCounts[];
}

/** Headline test metrics of one model (curves and tables stay in the evaluation artifact). */
export type ModelEvaluation = Pick<ModelMetrics, 'id' | 'accuracy' | 'macroF1' | 'weightedF1' | 'logLoss' | 'ece'> & {
  /** Mean one-vs-rest ROC AUC; null when no class has both positives and negatives in test. */
  macroAuc: number | null;
};

/** A bootstrap interval as it crosses payloads. */
export interface IntervalSummary {
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
}

export interface EvaluateOutput {
  /** Test headline of every candidate, best by validation first. */
  singles: ModelEvaluation[];
  ensemble: ModelEvaluation & { method: string; members: string[]; weights: number[] };
  /** The best trial by validation score, chosen before looking at test. */
  best: ModelEvaluation;
  /** What wins ON VALIDATION and gets registered. */
  chosen: 'ensemble' | 'single';
  /** Bootstrap CIs of the headline metric (the sweep objective) and of ensemble minus best single (paired). */
  intervals: {
    metric: 'macroF1' | 'accuracy';
    best: IntervalSummary;
    ensemble: IntervalSummary;
    difference: IntervalSummary;
  };
  /** Everything else (curves, reports, diagnosis, learning curves): lib/evaluation/evaluation-artifact.ts. */
  evaluation: ArtifactRef;
  predictions: ArtifactRef;
}

export interface RegisterModelInput {
  runId: string;
  config: ExperimentConfig;
  curation: CurateDatasetOutput;
  augmentation: AugmentOutput;
  evaluation: EvaluateOutput;
}

export interface RegisterModelOutput {
  entry: ArtifactRef;
  entryKey: string;
  latestKey: string;
  chosen: 'ensemble' | 'single';
  codeVersion: string;
}

export interface WriteReportInput {
  runPrefix: string;
  runId: string;
  config: ExperimentConfig;
  curation: CurateDatasetOutput;
  augmentation: AugmentOutput;
  trials: TrialRecord[];
  evaluation: EvaluateOutput;
  registry?: RegisterModelOutput;
}

export interface WriteReportOutput {
  summary: ArtifactRef;
  report: ArtifactRef;
}
