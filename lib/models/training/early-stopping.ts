import type { ClassifierEpochMetrics } from './epoch-metrics';

/** Validation objective watched by early stopping. */
export type EarlyStoppingObjective = 'val_loss' | 'val_accuracy' | 'val_macro_f1';

/** Where a run stands with respect to early stopping. */
export interface EarlyStoppingState {
  /** 1-based epoch with the best objective so far (0 before any epoch). */
  bestEpoch: number;
  bestValue: number;
  /** True once `patience` epochs in a row brought no strict improvement. */
  stop: boolean;
}

function valueOf(m: ClassifierEpochMetrics, objective: EarlyStoppingObjective): number {
  if (objective === 'val_loss') return -m.valLoss;
  return objective === 'val_accuracy' ? m.valAccuracy : m.valMacroF1;
}

/**
 * Early-stopping decision derived from the metric history alone (so a run
 * restored from a checkpoint, which carries its history, decides exactly as
 * the uninterrupted run would). `patience` 0 disables stopping. The objective
 * is maximised (val_loss is negated); ties are not improvements.
 */
export function earlyStoppingState(
  history: readonly ClassifierEpochMetrics[],
  objective: EarlyStoppingObjective,
  patience: number,
): EarlyStoppingState {
  let bestEpoch = 0;
  let bestValue = -Infinity;
  for (const m of history) {
    const v = valueOf(m, objective);
    if (v > bestValue) {
      bestValue = v;
      bestEpoch = m.epoch;
    }
  }
  const last = history.length ? history[history.length - 1].epoch : 0;
  return { bestEpoch, bestValue, stop: patience > 0 && bestEpoch > 0 && last - bestEpoch >= patience };
}
