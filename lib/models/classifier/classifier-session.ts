import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../core/errors';
import { encodeExamples, type EncodedSet } from './classifier-data';
import { restoreOptimizer, type ClassifierPartialEpoch } from './classifier-checkpoint';
import { resolveClassifierSource } from './classifier-model-source';
import type { ClassifierTrainerInput, ClassifierEpochMetrics } from './classifier-trainer-input';
import { classWeightsFor } from '../training/class-weights';
import type { EpochLedger } from '../training/epoch-ledger';
import type { FusedAdamOptimizer } from '../runtime/fused-adam';
import { registerFastKernels } from '../runtime/kernels';
import { applyFrozen, frozenLayerNames } from '../training/layer-freezing';
import type { TextTokenizer } from './classifier-from-lm';
import { buildTextClassifier, type TextClassifierModel, type TextClassifierOptions } from './text-classifier';
import { createTrainingAdam } from '../training/training-optimizer';

/** Everything a set-up classifier trainer owns; the tensors are freed by {@link closeClassifierSession}. */
export interface ClassifierSession {
  tokenizer: TextTokenizer;
  options: TextClassifierOptions;
  built: TextClassifierModel;
  optimizer: FusedAdamOptimizer;
  train: EncodedSet;
  val: EncodedSet;
  classWeights: Float32Array | undefined;
}

/**
 * Applies the freeze state of the epoch after `epochsDone` (input.freeze with
 * gradual unfreezing) and recompiles the model when it changed (or on `force`).
 * Throws ConfigError when every layer with weights would be frozen, and the
 * plain Error of {@link frozenLayerNames} for a pattern matching no layer.
 */
export function compileForEpoch(
  s: ClassifierSession,
  input: ClassifierTrainerInput,
  epochsDone: number,
  force = false,
): void {
  const frozen = frozenLayerNames(s.built.model, input.freeze ?? [], input.unfreezeEvery ?? 0, epochsDone);
  if (s.built.model.layers.every((l) => l.weights.length === 0 || frozen.includes(l.name))) {
    throw new ConfigError(
      `every layer is frozen for epoch ${epochsDone + 1} (freeze [${(input.freeze ?? []).join(', ')}]); leave at least the output layer "classes" trainable`,
    );
  }
  const changed = applyFrozen(s.built.model, frozen);
  if (changed || force) s.built.model.compile({ optimizer: s.optimizer, loss: 'categoricalCrossentropy' });
}

/**
 * Sets up a classifier: readies the backend, resolves the model source
 * (classifier-model-source.ts), encodes train/val, builds the seeded model and
 * its optimizer, writes the initial weights and, when resuming from `from`,
 * the optimizer state, and hands the checkpoint's epoch count and history to
 * `ledger` (with its mid-epoch progress, if saved mid-epoch). Then compiles for the next epoch's freeze state. On failure it
 * frees what it built and throws (a bad freeze pattern as ConfigError).
 */
export async function openClassifierSession(
  input: ClassifierTrainerInput,
  ledger: EpochLedger<ClassifierEpochMetrics, ClassifierPartialEpoch>,
  from?: Uint8Array,
): Promise<ClassifierSession> {
  const { labels, hyper } = input;
  await tf.ready();
  if (tf.getBackend() === 'cpu') registerFastKernels();
  const { restored, options, tokenizer, seed, initWeights } = resolveClassifierSource(input, from);
  const train = encodeExamples(input.train, labels, tokenizer);
  const val = encodeExamples(input.val, labels, tokenizer);
  const weighting = input.classWeights ?? hyper.classWeights ?? 'none';
  const classWeights = weighting === 'none' ? undefined : classWeightsFor(weighting, labels, train.classes);
  const built = buildTextClassifier(options, labels.length, seed);
  const optimizer = createTrainingAdam(hyper.learningRate, hyper.weightDecay ?? 0);
  try {
    optimizer.bindSlots(built.model.trainableWeights.map((w) => w.name));
    initWeights(built.model);
    if (restored) {
      await restoreOptimizer(optimizer, restored.state.optimizerIterations, restored.state.optimizerMoments);
      ledger.restore(
        restored.header.epochsDone,
        restored.header.history as ClassifierEpochMetrics[],
        restored.header.partialEpoch,
      );
    }
    const session = { tokenizer, options, built, optimizer, train, val, classWeights };
    compileForEpoch(session, input, ledger.epochsDone, true);
    return session;
  } catch (err) {
    built.model.dispose();
    optimizer.dispose();
    throw err instanceof Error && /freeze pattern/.test(err.message) ? new ConfigError(err.message) : err;
  }
}

/** Frees the session's model and optimizer. */
export function closeClassifierSession(s: ClassifierSession): void {
  s.built.model.dispose();
  s.optimizer.dispose();
}
