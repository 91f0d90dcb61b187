import type { Worker } from '@temporalio/worker';
import { createControlWorker } from '../../workers/control-worker';
import type { WorkerEnv } from '../../workers/worker-env';
import { envVars } from './real-stack';
import { spawnWorker, type SpawnedWorker } from './spawn-worker';

/**
 * Registers beforeAll/afterAll hooks that run the workers a pipeline needs on
 * `env`'s queues: the control worker in-process, the training worker as a real
 * child process (tfjs runs outside jest's module sandbox, as in production).
 */
export function usePipelineWorkers(env: WorkerEnv): void {
  let control: { worker: Worker; connection: { close(): Promise<void> } };
  let controlRun: Promise<void>;
  let training: SpawnedWorker;

  beforeAll(async () => {
    training = spawnWorker('training-worker', envVars(env));
    control = await createControlWorker(env);
    controlRun = control.worker.run();
    await training.ready;
  });

  afterAll(async () => {
    control.worker.shutdown();
    await controlRun;
    await control.connection.close();
    await training.stop();
  });
}
