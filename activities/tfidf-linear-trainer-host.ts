import type { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import { startActivityTrainerThread } from './trainer-thread';
import type { HostedClassifierTrainer } from './classifier-trainer-host';
import type { ClassifierEpochMetrics, ClassifierPartialEpoch } from '../lib/models/classifier/classifier-trainer';
import {
  createTfidfLinearTrainer,
  type TfidfLinearTrainerInput,
} from '../lib/models/sparse-linear/tfidf-linear-trainer';

const TFIDF_LINEAR_FACTORY = {
  module: require.resolve('../lib/models/sparse-linear/tfidf-linear-trainer'),
  factory: 'createTfidfLinearTrainer',
};

/**
 * trainModel's trainer for a `tfidf-linear` trial, where `deps.training`
 * says (a worker thread by default, as for the classifier: a fit on a large
 * corpus blocks for minutes, which would starve the heartbeats). It has the
 * classifier host's shape, so trainModel drives both alike; it never reports
 * batch boundaries (the fit is one step).
 */
export async function hostTfidfLinearTrainer(
  deps: ActivityDeps,
  ctx: Context,
  input: TfidfLinearTrainerInput,
): Promise<HostedClassifierTrainer> {
  if (deps.training?.mode === 'inline') {
    const trainer = createTfidfLinearTrainer(input);
    return hosted(trainer, {
      setup: (from) => trainer.setup(from),
      runEpoch: (signal) => trainer.runEpoch(signal),
      save: () => trainer.save(),
      predict: (texts) => trainer.predict(texts),
      close: () => trainer.close(),
    });
  }
  const remote = await startActivityTrainerThread<ClassifierEpochMetrics, ClassifierPartialEpoch>(deps, ctx, {
    ...TFIDF_LINEAR_FACTORY,
    input,
  });
  return hosted(remote, {
    setup: (from) => remote.setup(from),
    runEpoch: (signal) => remote.runEpoch(signal ?? new AbortController().signal),
    save: () => remote.save(),
    predict: (texts) => remote.call<number[][]>('predict', texts),
    close: () => remote.close(),
  });
}

/** The hosted shape over `state` (read live, through getters) and `ops`. */
function hosted(
  state: { readonly epochsDone: number; readonly history: ClassifierEpochMetrics[]; readonly stoppedEarly?: boolean },
  ops: Pick<HostedClassifierTrainer, 'setup' | 'runEpoch' | 'save' | 'predict' | 'close'>,
): HostedClassifierTrainer {
  return {
    get epochsDone() {
      return state.epochsDone;
    },
    get history() {
      return state.history;
    },
    get stoppedEarly() {
      return state.stoppedEarly ?? false;
    },
    abortedAt: null,
    ...ops,
  };
}
