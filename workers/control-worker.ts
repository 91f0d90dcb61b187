import { Worker } from '@temporalio/worker';
import { createControlActivities } from '../activities';
import { activityDepsFromEnv, connect, installRuntime, runUntilSignal } from './shared';
import { loadWorkerEnv, type WorkerEnv } from './worker-env';

/**
 * The control worker: every workflow (deterministic orchestration) plus the
 * CPU activities (curation, suggestions, report) on the control task queue.
 */
export async function createControlWorker(env: WorkerEnv) {
  installRuntime();
  const connection = await connect(env);
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: createControlActivities(activityDepsFromEnv(env)),
  });
  return { worker, connection };
}

if (require.main === module) {
  const env = loadWorkerEnv();
  createControlWorker(env)
    .then(({ worker, connection }) => runUntilSignal(worker, connection, 'control-worker'))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
