import type { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import { startActivityTrainerThread } from './trainer-thread';
import {
  createCausalLmTrainer,
  type CausalLmTrainer,
  type CausalLmTrainerInput,
  type LmEpochMetrics,
  type LmPartialEpoch,
} from '../lib/models/causal-lm/causal-lm-trainer';
import { BpeTokenizer } from '../lib/models/tokenizers/bpe-tokenizer';

/** The causal LM trainer wherever it runs: what is synchronous in-process (tokenizer, evaluate) is async here. */
export type HostedLmTrainer = Omit<CausalLmTrainer, 'tokenizer' | 'evaluate' | 'close'> & {
  tokenizer(): Promise<BpeTokenizer>;
  evaluate(): Promise<ReturnType<CausalLmTrainer['evaluate']>>;
  close(): void | Promise<void>;
};

const LM_FACTORY = {
  module: require.resolve('../lib/models/causal-lm/causal-lm-thread-trainer'),
  factory: 'createThreadableCausalLmTrainer',
};

/**
 * Creates the pretrain step's causal LM trainer as {@link hostClassifierTrainer}
 * does the classifier's: in a worker thread by default, inline with
 * `deps.training.mode: 'inline'`.
 */
export async function hostLmTrainer(
  deps: ActivityDeps,
  ctx: Context,
  input: CausalLmTrainerInput,
): Promise<HostedLmTrainer> {
  if (deps.training?.mode === 'inline') {
    const t = createCausalLmTrainer(input);
    return hosted(t, {
      runEpoch: (signal, afterBatch) => t.runEpoch(signal, afterBatch),
      tokenizer: async () => t.tokenizer,
      evaluate: async () => t.evaluate(),
      close: () => t.close(),
    });
  }
  const remote = await startActivityTrainerThread<LmEpochMetrics, LmPartialEpoch>(deps, ctx, { ...LM_FACTORY, input });
  return hosted(remote, {
    runEpoch: (signal, afterBatch) =>
      remote.runEpoch(signal ?? new AbortController().signal, afterBatch && (async (p, c) => afterBatch(p, c))),
    tokenizer: async () => BpeTokenizer.fromJSON(await remote.call('tokenizerJson')),
    evaluate: () => remote.call('evaluate'),
    close: () => remote.close(),
  });
}

/** `state`'s getters and setup/save, with the methods that differ by host. */
function hosted(
  state: Pick<CausalLmTrainer, 'epochsDone' | 'history' | 'abortedAt' | 'setup' | 'save'>,
  methods: Pick<HostedLmTrainer, 'runEpoch' | 'tokenizer' | 'evaluate' | 'close'>,
): HostedLmTrainer {
  return {
    get epochsDone() {
      return state.epochsDone;
    },
    get history() {
      return state.history;
    },
    get abortedAt() {
      return state.abortedAt;
    },
    setup: (from) => state.setup(from),
    save: () => state.save(),
    ...methods,
  };
}
