import type { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import { startActivityTrainerThread } from './trainer-thread';
import {
  createClassifierTrainer,
  type ClassifierPartialEpoch,
  type ClassifierTrainer,
  type ClassifierTrainerInput,
  type ClassifierEpochMetrics,
} from '../lib/models/classifier/classifier-trainer';

/** A classifier trainer wherever it runs; `close` may be async (a thread to end). */
export type HostedClassifierTrainer = Omit<ClassifierTrainer, 'close'> & { close(): void | Promise<void> };

/** The default factory the thread loads: lib's own, so the thread runs exactly the in-process code. */
const CLASSIFIER_FACTORY = {
  module: require.resolve('../lib/models/classifier/classifier-trainer'),
  factory: 'createClassifierTrainer',
};

/**
 * Creates trainModel's classifier trainer where `deps.training` says: by
 * default in a worker thread ({@link startActivityTrainerThread}) on the backend this
 * worker selected (`deps.backend`, else the active one), so a long batch
 * blocks only that thread and the activity keeps heartbeating and hearing
 * cancellation; with `mode: 'inline'`, on this thread as before.
 * Errors of an invalid input (ConfigError, DataError) reject here as in-process.
 */
export async function hostClassifierTrainer(
  deps: ActivityDeps,
  ctx: Context,
  input: ClassifierTrainerInput,
): Promise<HostedClassifierTrainer> {
  const factory = deps.training?.classifierFactory;
  if (deps.training?.mode === 'inline') {
    if (!factory) return createClassifierTrainer(input);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const create = require(factory.module)[factory.factory] as typeof createClassifierTrainer;
    return create(input);
  }
  const remote = await startActivityTrainerThread<ClassifierEpochMetrics, ClassifierPartialEpoch>(deps, ctx, {
    ...(factory ?? CLASSIFIER_FACTORY),
    input,
  });
  return {
    get epochsDone() {
      return remote.epochsDone;
    },
    get history() {
      return remote.history;
    },
    get stoppedEarly() {
      return remote.stoppedEarly;
    },
    get abortedAt() {
      return remote.abortedAt;
    },
    setup: (from) => remote.setup(from),
    runEpoch: (signal, afterBatch) =>
      remote.runEpoch(signal ?? new AbortController().signal, afterBatch && (async (p, c) => afterBatch(p, c))),
    save: () => remote.save(),
    predict: (texts) => remote.call<number[][]>('predict', texts),
    close: () => remote.close(),
  };
}
