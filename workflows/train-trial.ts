import type { TrainModelInput, TrialRunResult } from '../activities/contracts';
import type { PruningRule } from '../lib/search/pruning-rule';
import { shouldPrune } from '../lib/search/pruning-rule';
import { trainingActivities } from './activity-proxies';

export interface TrainTrialInput extends Omit<TrainModelInput, 'finalize'> {
  trainingTaskQueue?: string;
  /** When set, the trial trains one epoch per activity and stops early if the rule says so. */
  pruning?: PruningRule;
}

/** The objective value of each epoch record. */
export function objectiveCurve(history: TrialRunResult['history'], objective: TrainModelInput['objective']): number[] {
  return history.map((h) => (objective === 'val_accuracy' ? h.valAccuracy : h.valMacroF1));
}

/**
 * One trial on the training task queue. Without pruning it is a single
 * activity; with pruning it trains epoch by epoch (each chunk resumes from the
 * previous chunk's checkpoint) and applies the rule between chunks. A crashed
 * worker's attempt is retried elsewhere and resumes from its last checkpoint;
 * a diverged or bad-input trial fails for good.
 *
 * Note for maintainers: `shouldPrune` runs in workflow code, so changing its
 * logic changes decisions on replay; guard such a change with `patched()`.
 */
export async function trainTrial(input: TrainTrialInput): Promise<TrialRunResult> {
  const { trainingTaskQueue, pruning, ...modelInput } = input;
  const training = trainingActivities(trainingTaskQueue);
  if (!pruning) return { ...(await training.trainModel({ ...modelInput, finalize: true })), pruned: false };
  for (let epoch = 1; ; epoch++) {
    const last = epoch >= modelInput.epochs;
    const out = await training.trainModel({ ...modelInput, epochs: epoch, finalize: last });
    if (last) return { ...out, pruned: false };
    if (shouldPrune(pruning, objectiveCurve(out.history, modelInput.objective))) return { ...out, pruned: true };
  }
}
