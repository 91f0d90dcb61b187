import { FF_BEST_SCORE, FF_EXPERIMENT, FF_SAMPLER, FF_STAGE } from './search-attribute-keys';
import { upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

/**
 * What makes runs findable and sortable in the Web UI. Memo fields are always
 * written (no setup needed). Search attributes must be registered in the
 * namespace first (the local stack does it; on other clusters see
 * docs/running-on-a-cluster.md), so workflows upsert them only when the run
 * was started with `FfExperiment` set: upserting an unregistered attribute
 * would fail every workflow task.
 */
export interface RunAttributes {
  stage?: string;
  bestScore?: number;
}

function searchAttributesEnabled(): boolean {
  return workflowInfo().typedSearchAttributes.get(FF_EXPERIMENT) !== undefined;
}

/** Records stage / best score in the memo, and in search attributes when enabled. */
export function recordRunAttributes(update: RunAttributes): void {
  upsertMemo({
    ...(update.stage !== undefined ? { stage: update.stage } : {}),
    ...(update.bestScore !== undefined ? { bestScore: update.bestScore } : {}),
  });
  if (!searchAttributesEnabled()) return;
  upsertSearchAttributes([
    ...(update.stage !== undefined ? [{ key: FF_STAGE, value: update.stage }] : []),
    ...(update.bestScore !== undefined ? [{ key: FF_BEST_SCORE, value: update.bestScore }] : []),
  ]);
}

/** Search attributes a child (the sweep) should start with: the parent's experiment and sampler. */
export function inheritedSearchAttributes(): {
  typedSearchAttributes?: { key: typeof FF_EXPERIMENT | typeof FF_SAMPLER; value: string }[];
} {
  if (!searchAttributesEnabled()) return {};
  const info = workflowInfo().typedSearchAttributes;
  return {
    typedSearchAttributes: [
      { key: FF_EXPERIMENT, value: info.get(FF_EXPERIMENT)! },
      ...(info.get(FF_SAMPLER) !== undefined ? [{ key: FF_SAMPLER, value: info.get(FF_SAMPLER)! }] : []),
    ],
  };
}
