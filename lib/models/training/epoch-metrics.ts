/**
 * Per-epoch metrics: one shared base that every trainer records (and that the
 * epoch loop, checkpoints, heartbeats, learning curves and the run diagnosis
 * read), extended by each family with what it measures.
 */

/** What every trainer records after each epoch. */
export interface EpochMetricsBase {
  /** 1-based: epochs completed. */
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  trainLoss: number;
  valLoss: number;
  /** Wall time of the epoch (seconds), without time spent in a previous attempt's part of it. */
  seconds: number;
}

/** A text classifier's epoch: validation accuracy and macro-F1 besides the losses. */
export interface ClassifierEpochMetrics extends EpochMetricsBase {
  valAccuracy: number;
  valMacroF1: number;
  samplesPerSecond: number;
  /** Learning rate of the epoch's last step. */
  learningRate?: number;
}

/** A causal LM's epoch: losses are mean next-token NLL (nats), token-weighted. */
export interface LmEpochMetrics extends EpochMetricsBase {
  valPerplexity: number;
  trainTokens: number;
  tokensPerSecond: number;
}
