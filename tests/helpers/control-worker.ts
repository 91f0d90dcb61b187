import { createControlWorker } from '../../workers/control-worker';
import type { WorkerEnv } from '../../workers/worker-env';

/** A control worker running in this process; `stop` drains it and closes its connection. */
export interface RunningControlWorker {
  stop(): Promise<void>;
}

/**
 * Creates the product's control worker on `env`'s queues and starts it polling.
 * It runs inside jest, so its logs would land in the test output: the SDK's
 * "Activity failed" / "Workflow failed" warnings (expected in every bad-input
 * test) are held back to errors unless FF_TEST_VERBOSE=1. Tests that assert
 * on log lines spawn the worker and read its output instead.
 */
export async function runControlWorker(env: WorkerEnv): Promise<RunningControlWorker> {
  const quiet =
    process.env.FF_TEST_VERBOSE === '1' ? {} : { FF_SDK_LOG_LEVEL: 'error' as const, FF_LOG_LEVEL: 'warn' as const };
  const control = await createControlWorker({ ...env, ...quiet });
  const running = control.worker.run();
  return {
    async stop() {
      control.worker.shutdown();
      await running;
      await control.connection.close();
    },
  };
}
