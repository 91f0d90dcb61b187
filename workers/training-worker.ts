import { Worker } from '@temporalio/worker';
import { createTrainingActivities } from '../activities';
import { selectBackend } from '../lib/models/backend';
import { activityDepsFromEnv, connect, installRuntime, runUntilSignal } from './shared';
import { loadWorkerEnv, type WorkerEnv } from './worker-env';

/**
 * The training worker: training and evaluation activities on the training
 * task queue. Picks the fastest available tfjs backend at start and reports it.
 */
export async function createTrainingWorker(env: WorkerEnv) {
  installRuntime();
  const backend = await selectBackend(env.FF_TFJS_BACKEND);
  console.log(`[training-worker] tfjs backend: ${backend.name}${backend.native ? ' (native)' : ''}`);
  const connection = await connect(env);
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.FF_TRAINING_TASK_QUEUE,
    activities: createTrainingActivities(activityDepsFromEnv(env, backend.name)),
    maxConcurrentActivityTaskExecutions: env.FF_TRAINING_CONCURRENCY,
    // Epoch heartbeats carry the resume point; send them within 2 s instead of the
    // default 0.8 x heartbeatTimeout, so a crash right after an epoch loses nothing.
    maxHeartbeatThrottleInterval: '2 seconds',
  });
  return { worker, connection };
}

if (require.main === module) {
  const env = loadWorkerEnv();
  createTrainingWorker(env)
    .then(({ worker, connection }) => runUntilSignal(worker, connection, 'training-worker'))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
