import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Search attributes of finetune-flow runs (durable API: names never change).
 * Register them in a namespace before use: `temporal operator search-attribute
 * create --name FfExperiment --type Keyword` (and the others); the local stack
 * registers them at start (scripts/stack.sh).
 */
export const FF_EXPERIMENT = defineSearchAttributeKey('FfExperiment', SearchAttributeType.KEYWORD);
export const FF_SAMPLER = defineSearchAttributeKey('FfSampler', SearchAttributeType.KEYWORD);
export const FF_STAGE = defineSearchAttributeKey('FfStage', SearchAttributeType.KEYWORD);
export const FF_BEST_SCORE = defineSearchAttributeKey('FfBestScore', SearchAttributeType.DOUBLE);
