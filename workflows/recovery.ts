import { defineQuery } from '@temporalio/workflow';
import type {
  AugmentOutput,
  CurateDatasetOutput,
  EvaluateOutput,
  PrepareFoldsOutput,
  PretrainLanguageModelOutput,
  RegisterModelOutput,
  TrialRecord,
} from '../activities/contracts';
import type { PruningRule } from '../lib/search/pruners/pruning-rule';
import type { HpoSweepResult, SweepCarry } from './sweep-types';

/**
 * Recovery (`cli recover <runId>`): a failed, terminated, cancelled or timed-out
 * `fineTunePipeline` run is started again under the same workflow id, with the
 * outputs of the steps the failed execution finished passed in, so the new
 * execution reuses their artifacts and computes only what is missing. The
 * failed execution reports those outputs through {@link pipelineRecoveryQuery}
 * (a query replays the closed execution on the control worker; queries add no
 * history events, so old histories replay unchanged). Every field is optional:
 * an input without `recovery` runs every step, issuing the commands it always did.
 */

/** The outputs of the steps a pipeline execution finished (small JSON: refs, metrics, the trial table). */
export interface PipelineSteps {
  curation?: CurateDatasetOutput;
  augmentation?: AugmentOutput;
  pretrain?: PretrainLanguageModelOutput;
  folds?: PrepareFoldsOutput;
  /** The sweep's result once it completed. */
  sweep?: HpoSweepResult;
  /** After cross-validation: the retrained top configs, with models (all of them, or absent). */
  finalTrials?: TrialRecord[];
  evaluation?: EvaluateOutput;
  registry?: RegisterModelOutput;
}

/** A sweep that did not finish, as its {@link sweepRecoveryQuery} reports it: the carry to go on from. */
export interface SweepRecoveryState extends SweepCarry {
  /** Each running trial's pruning rule (frozen at launch), so its relaunch prunes by the same rule. */
  pruning: Record<string, PruningRule | undefined>;
}

/** The `recovery` field of a fineTunePipeline input (written by `cli recover`). */
export interface PipelineRecovery {
  /** The Temporal run id of the execution being recovered (lineage, shown in the Web UI's input). */
  fromExecution: string;
  steps: PipelineSteps;
  /** Present when the failed execution died while its sweep ran: the sweep goes on from this state. */
  sweep?: SweepRecoveryState;
}

/** What a pipeline execution reports for recovery: its input (without `recovery`) and the steps it finished. */
export interface PipelineRecoveryInfo {
  input: { schemaVersion?: 1; config: unknown; trainingTaskQueue?: string };
  steps: PipelineSteps;
  sweepWorkflowId: string;
}

// Query names are durable API: never rename them.
/** The pipeline's original input and the outputs of every step it finished (answered also once it has failed). */
export const pipelineRecoveryQuery = defineQuery<PipelineRecoveryInfo>('pipelineRecovery');
/** The sweep's full state (the trial table with refs, audit, control, running trials' pruning rules). */
export const sweepRecoveryQuery = defineQuery<SweepRecoveryState>('sweepRecovery');
