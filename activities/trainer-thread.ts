import type { Context } from '@temporalio/activity';
import { DEFAULT_TRAINING_STOP_GRACE_MS, type ActivityDeps } from './deps';
import { samePreferenceAs } from '../lib/models/runtime/backend';
import type { EpochProgress } from '../lib/models/training/epoch-ledger';
import { startTrainerThread } from '../lib/models/training/thread/start-trainer-thread';
import type { ThreadedTrainer } from '../lib/models/training/thread/threaded-trainer';

/**
 * Starts the training thread of one activity attempt: `factory` of `module`
 * creates the trainer from `input` there, on the backend this worker selected
 * (`deps.backend`, else the active one), with `deps.training.stopGraceMs`
 * before a cancelled thread stuck in a batch is terminated (logged as a warning).
 */
export function startActivityTrainerThread<M, P extends EpochProgress>(
  deps: ActivityDeps,
  ctx: Context,
  spec: { module: string; factory: string; input: unknown },
): Promise<ThreadedTrainer<M, P>> {
  const stopGraceMs = deps.training?.stopGraceMs ?? DEFAULT_TRAINING_STOP_GRACE_MS;
  return startTrainerThread<M, P>(
    { ...spec, backend: samePreferenceAs(deps.backend?.name) },
    {
      stopGraceMs,
      onTerminated: () =>
        ctx.log.warn('Training thread did not stop at a batch boundary in time; terminated it', { stopGraceMs }),
    },
  );
}
