import { runControlWorker, type RunningControlWorker } from './control-worker';
import type { WorkerEnv } from '../../workers/worker-env';
import { envVars } from './real-stack';
import { spawnWorker, type SpawnedWorker } from './spawn-worker';

/**
 * Registers beforeAll/afterAll hooks that run the workers a pipeline needs on
 * `env`'s queues: the control worker in-process, the training worker as a real
 * child process (tfjs runs outside jest's module sandbox, as in production).
 */
export function usePipelineWorkers(env: WorkerEnv): void {
  let control: RunningControlWorker;
  let training: SpawnedWorker;

  beforeAll(async () => {
    training = spawnWorker('training-worker', envVars(env));
    control = await runControlWorker(env);
    await training.ready;
  });

  afterAll(async () => {
    await control.stop();
    await training.stop();
  });
}
