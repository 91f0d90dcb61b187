// Every workflow the control worker registers. Names are durable API: renaming one breaks running executions.
export { fineTunePipeline, pipelineStatusQuery } from './fine-tune-pipeline';
export { hpoSweep, sweepProgressQuery } from './hpo-sweep';
export { trainTrial } from './train-trial';
