import { type Client, type WorkflowIdReusePolicy } from '@temporalio/client';
import type { ExperimentConfig } from '../configs/experiment-schema';
import { FF_EXPERIMENT, FF_SAMPLER } from '../workflows/search-attribute-keys';
import type { FineTunePipelineInput } from '../workflows/fine-tune-pipeline';

/** Search attributes that make a run findable in the Web UI (registered by scripts/stack.sh). */
function runSearchAttributes(config: ExperimentConfig) {
  return [
    { key: FF_EXPERIMENT, value: config.name },
    { key: FF_SAMPLER, value: config.search.sampler.kind },
  ];
}

/**
 * Starts a `fineTunePipeline` execution (`cli start` and `cli recover`), with the
 * experiment's search attributes; on a namespace without them it says so on stderr
 * and starts without. Temporal's refusals (the id is taken) are thrown as they are.
 */
export async function startPipeline(
  client: Client,
  opts: {
    workflowId: string;
    taskQueue: string;
    workflowIdReusePolicy: WorkflowIdReusePolicy;
    config: ExperimentConfig;
    input: FineTunePipelineInput;
  },
): Promise<void> {
  const options = {
    taskQueue: opts.taskQueue,
    workflowId: opts.workflowId,
    workflowIdReusePolicy: opts.workflowIdReusePolicy,
    args: [opts.input],
    memo: { experiment: opts.config.name, sampler: opts.config.search.sampler.kind },
  };
  try {
    await client.workflow.start('fineTunePipeline', {
      ...options,
      typedSearchAttributes: runSearchAttributes(opts.config),
    });
  } catch (err) {
    const reason = `${(err as Error).message} ${((err as Error).cause as Error | undefined)?.message ?? ''}`;
    if (!/search attribute/i.test(reason)) throw err;
    console.error(
      `Note: this namespace has no FfExperiment/FfSampler/FfStage/FfBestScore search attributes; starting without them (see docs/running-on-a-cluster.md).`,
    );
    await client.workflow.start('fineTunePipeline', options);
  }
}
