import type { BpeTokenizerJson } from '../tokenizers/bpe-tokenizer';
import { createCausalLmTrainer, type CausalLmTrainer, type CausalLmTrainerInput } from './causal-lm-trainer';

/** A causal LM trainer as a training thread serves it: also its tokenizer as JSON (a class instance does not survive postMessage). */
export type ThreadableCausalLmTrainer = CausalLmTrainer & { tokenizerJson(): BpeTokenizerJson };

/**
 * {@link createCausalLmTrainer} for a trainer thread (lib/models/training/thread):
 * the same trainer, plus `tokenizerJson()` (throws before setup, like `tokenizer`).
 */
export function createThreadableCausalLmTrainer(input: CausalLmTrainerInput): ThreadableCausalLmTrainer {
  const trainer = createCausalLmTrainer(input);
  return Object.assign(trainer, { tokenizerJson: () => trainer.tokenizer.toJSON() });
}
