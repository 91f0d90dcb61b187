import { ConfigError } from '../../core/errors';
import type { ClassifierTrainerInput } from './classifier-trainer-input';

/**
 * Checks what can be checked before anything is built: >= 2 distinct labels,
 * learningRate > 0, an integer batchSize >= 1, planned epochs for non-constant
 * schedules or warm-up, initFrom without initFromLm/pretrained, and
 * non-negative weightDecay and patience. Throws ConfigError naming the problem.
 */
export function validateClassifierInput(input: ClassifierTrainerInput): void {
  const { labels, hyper } = input;
  if (labels.length < 2 || new Set(labels).size !== labels.length) {
    throw new ConfigError(`labels must be at least 2 distinct strings, got [${labels.join(', ')}]`);
  }
  if (!(hyper.learningRate > 0) || !Number.isInteger(hyper.batchSize) || hyper.batchSize < 1) {
    throw new ConfigError(`invalid hyperparameters: learningRate must be > 0 and batchSize an integer >= 1`, {
      ...hyper,
    });
  }
  const scheduled = (hyper.lrSchedule ?? 'constant') !== 'constant' || (hyper.warmupFraction ?? 0) > 0;
  if (scheduled && !(Number.isInteger(input.epochs) && (input.epochs ?? 0) >= 1)) {
    throw new ConfigError(
      `lrSchedule "${hyper.lrSchedule}" with warmupFraction ${hyper.warmupFraction ?? 0} needs the planned epochs (input.epochs >= 1)`,
    );
  }
  if (input.initFrom && (input.initFromLm || input.pretrained)) {
    throw new ConfigError(
      'model.initFrom excludes model.pretrain and model.pretrainedVectors: the checkpoint already fixes the tokenizer and every weight; drop one of them',
      { field: 'model.initFrom' },
    );
  }
  if (!((hyper.weightDecay ?? 0) >= 0) || !((hyper.patience ?? 0) >= 0)) {
    throw new ConfigError(`weightDecay and patience must be >= 0`, {
      weightDecay: hyper.weightDecay,
      patience: hyper.patience,
    });
  }
}
