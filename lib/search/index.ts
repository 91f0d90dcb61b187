/** Public API of the search layer: samplers, pruners and the ask/tell study. */
export * from './study';
export * from './unit-space';
export { paramFromUnit, sampleParam } from './sample-param';
export { RandomSampler } from './random-sampler';
export { RandomHistorySampler } from './random-history-sampler';
export { GridSampler, gridValues, type GridSamplerOptions } from './grid-sampler';
export { HaltonSampler, firstPrimes, radicalInverse, type HaltonSamplerOptions } from './halton-sampler';
export { ParzenEstimator, type ParzenDim, type ParzenOptions } from './parzen-estimator';
export { TpeSampler, defaultGamma, type TpeSamplerOptions } from './tpe-sampler';
export { MedianPruner, median, type MedianPrunerOptions } from './median-pruner';
export { AshaPruner, rungResources, type AshaPrunerOptions } from './asha-pruner';
export * from './ask-tell';
export { GpSampler, type GpLiar, type GpSamplerOptions } from './gp-sampler';
export { GpPosterior, fitKernelParams, logMarginalLikelihood, type GpFitOptions } from './gp-regression';
export { matern52, type KernelParams } from './matern-kernel';
export { logExpectedImprovement, logH, normalCdf, erfcx } from './log-expected-improvement';
export { minimizeBounded, type LbfgsOptions, type LbfgsResult } from './bounded-lbfgs';
export { WarmStartSampler, warmStartHistory, warmStartProvenance, type WarmStartProvenance } from './warm-start';
