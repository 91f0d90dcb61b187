import type { ClassifierHyperparams } from './classifier-hyperparams';
import type { Example } from '../../core/example';
import type { ClassWeighting } from '../training/class-weights';
import type { EarlyStoppingObjective } from '../training/early-stopping';
import type { PretrainedVectors } from '../tokenizers/pretrained-vectors';
import type { EncoderOptions } from '../layers/text-encoders';

/**
 * The trainer's hyperparameters: the schema's type (classifier-hyperparams.ts,
 * one source for configs, search spaces and the trainer). The four sizes are
 * required; the rest default to the original behaviour when absent: average
 * encoder, constant learning rate, no weight decay, no early stopping,
 * unweighted loss.
 */
export type TrainHyperparams = Pick<ClassifierHyperparams, 'learningRate' | 'batchSize' | 'embeddingDim' | 'dropout'> &
  Partial<Omit<ClassifierHyperparams, 'learningRate' | 'batchSize' | 'embeddingDim' | 'dropout'>>;
export type { ClassifierEpochMetrics } from '../training/epoch-metrics';
export interface ClassifierTrainerInput {
  train: Example[];
  val: Example[];
  labels: string[];
  hyper: TrainHyperparams;
  maxLen: number;
  vocabSize: number;
  seed: number;
  /** Planned epochs of the run: the length of non-constant learning-rate schedules. */
  epochs?: number;
  /** What early stopping watches; default 'val_loss'. */
  objective?: EarlyStoppingObjective;
  /** Encoder sizes (cnnFilters, gruUnits, transformerHeads...); `hyper.encoder` picks the encoder. */
  model?: Partial<Omit<EncoderOptions, 'encoder'>>;
  /** Overrides `hyper.classWeights`, e.g. explicit weights by label. */
  classWeights?: ClassWeighting;
  /** Layer-name patterns (`*` wildcard) to freeze, e.g. ['embedding']. */
  freeze?: string[];
  /** Gradual unfreezing: thaw one frozen layer group every this many epochs, from the output side (0 = never). */
  unfreezeEvery?: number;
  /** Word vectors to initialise the embedding with on a fresh setup (width must equal embeddingDim). */
  pretrained?: PretrainedVectors;
  /**
   * Causal-LM checkpoint bytes (causal-lm-trainer.ts) to fine-tune from on a
   * fresh setup: the classifier then uses the LM's BPE tokenizer and vocabulary
   * (input vocabSize is ignored), embeddingDim must equal the LM's, and a
   * 'transformer' encoder with the LM's sizes starts from the LM's blocks.
   */
  initFromLm?: Uint8Array;
  /**
   * Text-classifier checkpoint bytes (`save()` of an earlier run) to continue
   * fine-tuning from on a fresh setup: its tokenizer, topology and weights,
   * with a fresh optimizer, epoch count and history. ConfigError when its
   * label set or weight-shaping options differ from this input's
   * (classifier-init-from.ts). Excludes `initFromLm` and `pretrained`.
   */
  initFrom?: Uint8Array;
}
