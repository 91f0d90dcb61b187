import type { TrainModelInput, TrialRunResult } from '../activities/contracts';
import type { PruningRule } from '../lib/search/pruners/pruning-rule';
import { shouldPrune } from '../lib/search/pruners/pruning-rule';
import { trainingActivities } from './activity-proxies';
import { checkOwnWorkflowId } from './check-run-id';

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
  checkOwnWorkflowId();
  const { trainingTaskQueue, pruning, reportStartTo, ...modelInput } = input;
  const training = trainingActivities(trainingTaskQueue);
  // Only the first training of a trial reports its start (every fold: they start on their own), so a pruned
  // sweep's history does not grow by one signal per epoch.
  const first = reportStartTo ? { reportStartTo } : {};
  if (modelInput.data.folds?.length) return crossValidate(training, { ...modelInput, ...first });
  if (!pruning) return { ...(await training.trainModel({ ...modelInput, ...first, finalize: true })), pruned: false };
  for (let epoch = 1; ; epoch++) {
    const last = epoch >= modelInput.epochs;
    const out = await training.trainModel({
      ...modelInput,
      ...(epoch === 1 ? first : {}),
      epochs: epoch,
      finalize: last,
    });
    if (last) return { ...out, pruned: false };
    if (shouldPrune(pruning, objectiveCurve(out.history, modelInput.objective))) return { ...out, pruned: true };
  }
}

/**
 * Cross-validation: one training per fold, all at once (they fan out over the
 * training workers like trials). The trial's score and learning curve are the
 * means over folds; no model is kept (the pipeline retrains the best configs
 * on the standard split).
 */
async function crossValidate(
  training: ReturnType<typeof trainingActivities>,
  input: Omit<TrainModelInput, 'finalize'>,
): Promise<TrialRunResult> {
  const folds = input.data.folds!;
  const outs = await Promise.all(
    folds.map((fold, i) =>
      training.trainModel({
        ...input,
        trialId: `${input.trialId}-fold${i + 1}`,
        data: { ...input.data, train: fold.train, val: fold.val, folds: undefined },
        finalize: false,
      }),
    ),
  );
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const epochs = Math.min(...outs.map((o) => o.history.length));
  const history = Array.from({ length: epochs }, (_, e) => {
    const at = outs.map((o) => o.history[e]);
    return {
      epoch: e + 1,
      trainLoss: mean(at.map((h) => h.trainLoss)),
      valLoss: mean(at.map((h) => h.valLoss)),
      valAccuracy: mean(at.map((h) => h.valAccuracy)),
      valMacroF1: mean(at.map((h) => h.valMacroF1)),
      seconds: at.reduce((a, h) => a + h.seconds, 0),
      samplesPerSecond: mean(at.map((h) => h.samplesPerSecond)),
    };
  });
  const foldScores = outs.map((o) => o.score);
  return {
    ...outs[0],
    trialId: input.trialId,
    score: mean(foldScores),
    foldScores,
    history,
    model: undefined,
    valPredictions: undefined,
    resumedFromEpoch: Math.max(...outs.map((o) => o.resumedFromEpoch)),
    pruned: false,
  };
}
