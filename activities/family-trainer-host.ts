import type { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import { startActivityTrainerThread } from './trainer-thread';
import type { HostedClassifierTrainer } from './classifier-trainer-host';
import type { ClassifierEpochMetrics, ClassifierPartialEpoch } from '../lib/models/classifier/classifier-trainer';
import {
  createTfidfLinearTrainer,
  type TfidfLinearTrainerInput,
} from '../lib/models/sparse-linear/tfidf-linear-trainer';
import { createTransformerTrainer, type TransformerTrainerInput } from '../lib/models/pretrained/transformer-trainer';

/** A hosted trainer of another family: the classifier host's shape, plus `call` to reach a family-specific method. */
export type HostedFamilyTrainer = HostedClassifierTrainer & {
  call<T>(method: string, ...args: unknown[]): Promise<T>;
};

/** What trainModel drives of any family's trainer (the classifier host's shape). */
type FamilyTrainer = Pick<
  HostedClassifierTrainer,
  'epochsDone' | 'history' | 'stoppedEarly' | 'abortedAt' | 'setup' | 'runEpoch' | 'save' | 'predict' | 'close'
>;

/**
 * trainModel's trainer of a family other than text-classifier, where `deps.training` says: a
 * worker thread by default (a tfidf-linear fit on a large corpus, or a transformer batch, blocks
 * for seconds to minutes, which would starve the heartbeats), else inline. The thread creates it
 * with the lib factory `factory` names, on the backend this worker selected.
 */
async function hostFamilyTrainer<I>(
  deps: ActivityDeps,
  ctx: Context,
  factory: { module: string; factory: string },
  createInline: (input: I) => FamilyTrainer,
  input: I,
): Promise<HostedFamilyTrainer> {
  if (deps.training?.mode === 'inline') {
    const t = createInline(input);
    return hosted(t, {
      call: async <T>(method: string, ...args: unknown[]) =>
        (t as unknown as Record<string, (...a: unknown[]) => Promise<T>>)[method](...args),
      setup: (from) => t.setup(from),
      runEpoch: (signal, afterBatch) => t.runEpoch(signal, afterBatch),
      save: () => t.save(),
      predict: (texts) => t.predict(texts),
      close: () => t.close(),
    });
  }
  const remote = await startActivityTrainerThread<ClassifierEpochMetrics, ClassifierPartialEpoch>(deps, ctx, {
    ...factory,
    input,
  });
  return hosted(remote, {
    call: <T>(method: string, ...args: unknown[]) => remote.call<T>(method, ...args),
    setup: (from) => remote.setup(from),
    runEpoch: (signal, afterBatch) =>
      remote.runEpoch(signal ?? new AbortController().signal, afterBatch && (async (p, c) => afterBatch(p, c))),
    save: () => remote.save(),
    predict: (texts) => remote.call<number[][]>('predict', texts),
    close: () => remote.close(),
  });
}

/** The hosted shape over `state` (read live, through getters) and `ops`. */
function hosted(
  state: {
    readonly epochsDone: number;
    readonly history: ClassifierEpochMetrics[];
    readonly stoppedEarly?: boolean;
    readonly abortedAt: ClassifierPartialEpoch | null;
  },
  ops: Pick<HostedFamilyTrainer, 'call' | 'setup' | 'runEpoch' | 'save' | 'predict' | 'close'>,
): HostedFamilyTrainer {
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
    get abortedAt() {
      return state.abortedAt;
    },
    ...ops,
  };
}

/** A tfidf-linear trial's trainer (one fit = one epoch; it reports no batch boundaries). */
export function hostTfidfLinearTrainer(deps: ActivityDeps, ctx: Context, input: TfidfLinearTrainerInput) {
  return hostFamilyTrainer(
    deps,
    ctx,
    {
      module: require.resolve('../lib/models/sparse-linear/tfidf-linear-trainer'),
      factory: 'createTfidfLinearTrainer',
    },
    createTfidfLinearTrainer,
    input,
  );
}

/** A pretrained-transformer trial's trainer (the base model's files travel into the thread with the input). */
export function hostTransformerTrainer(deps: ActivityDeps, ctx: Context, input: TransformerTrainerInput) {
  return hostFamilyTrainer(
    deps,
    ctx,
    { module: require.resolve('../lib/models/pretrained/transformer-trainer'), factory: 'createTransformerTrainer' },
    createTransformerTrainer,
    input,
  );
}
