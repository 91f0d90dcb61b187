import {
  CLASSIFIER_CHECKPOINT_FORMAT,
  CLASSIFIER_CHECKPOINT_VERSION,
  captureState,
  encodeClassifierCheckpoint,
  type ClassifierCheckpointHeader,
  type ClassifierPartialEpoch,
} from './classifier-checkpoint';
import type { ClassifierSession } from './classifier-session';
import type { ClassifierTrainerInput, ClassifierEpochMetrics } from './classifier-trainer-input';

/**
 * Checkpoint bytes of a session after `epochsDone` epochs (and `partial`'s
 * batches of the next, when saved mid-epoch): labels, tokenizer, topology, the
 * input's seed, weights, Adam state (only once a step ran) and the metric
 * history, in the text-classifier checkpoint format (classifier-checkpoint.ts),
 * from which `openClassifierSession` resumes exactly.
 */
export async function checkpointClassifierSession(
  s: ClassifierSession,
  input: ClassifierTrainerInput,
  epochsDone: number,
  history: ClassifierEpochMetrics[],
  partial?: ClassifierPartialEpoch,
): Promise<Uint8Array> {
  const state = await captureState(s.built.model, epochsDone > 0 || partial ? s.optimizer : null);
  const header: ClassifierCheckpointHeader = {
    format: CLASSIFIER_CHECKPOINT_FORMAT,
    version: CLASSIFIER_CHECKPOINT_VERSION,
    labels: input.labels.slice(),
    tokenizer: s.tokenizer.toJSON(),
    model: s.options,
    seed: input.seed,
    epochsDone,
    history,
    optimizer: { name: 'adam', learningRate: input.hyper.learningRate, iterations: state.optimizerIterations },
    ...(partial ? { partialEpoch: { ...partial } } : {}),
  };
  return encodeClassifierCheckpoint(header, state);
}
