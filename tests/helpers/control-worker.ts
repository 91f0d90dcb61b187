import { createControlWorker } from '../../workers/control-worker';
import type { WorkerEnv } from '../../workers/worker-env';

/** A control worker running in this process; `stop` drains it and closes its connection. */
export interface RunningControlWorker {
  stop(): Promise<void>;
}

/** Creates the product's control worker on `env`'s queues and starts it polling. */
export async function runControlWorker(env: WorkerEnv): Promise<RunningControlWorker> {
  const control = await createControlWorker(env);
  const running = control.worker.run();
  return {
    async stop() {
      control.worker.shutdown();
      await running;
      await control.connection.close();
    },
  };
}
