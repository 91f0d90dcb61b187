import './quiet-process-env';
import { Worker } from '@temporalio/worker';
import { createTrainingActivities } from '../activities';
import { selectBackend } from '../lib/models/runtime/backend';
import {
  backendRequirementFix,
  describeBackend,
  describeSelection,
  meetsBackendRequirement,
  type SelectedBackend,
} from '../lib/models/runtime/backend-requirement';
import { activityDepsFromEnv, connect, runUntilSignal, setupObservability } from './shared';
import { dataConverterFromEnv } from './payload-codec-env';
import { tracingWorkerOptions } from './tracing';
import { exitWithFatalError } from './fatal-error';
import { loadWorkerEnv, type WorkerEnv } from './worker-env';

/**
 * Throws (the worker exits before polling) when `FF_REQUIRE_BACKEND` is not met,
 * e.g. a GPU image whose CUDA libraries failed to load and fell back to the CPU.
 */
export function refuseUnmetBackend(
  env: Pick<WorkerEnv, 'FF_REQUIRE_BACKEND' | 'FF_TRAINING_TASK_QUEUE'>,
  backend: SelectedBackend,
): void {
  const requirement = env.FF_REQUIRE_BACKEND;
  if (requirement === 'any' || meetsBackendRequirement(backend, requirement)) return;
  throw new Error(
    `FF_REQUIRE_BACKEND=${requirement} but this worker's tfjs backend is ${describeBackend(backend)}; not polling ${env.FF_TRAINING_TASK_QUEUE}. ` +
      `${backendRequirementFix(requirement)}, or set FF_REQUIRE_BACKEND=any to train on this backend anyway`,
  );
}

/**
 * The training worker: training and evaluation activities on the training
 * task queue. Picks the fastest available tfjs backend at start and reports it.
 * On SIGTERM it stops polling and gives running trials FF_SHUTDOWN_GRACE_SECONDS
 * to finish; then they are cancelled and retried elsewhere from their last
 * checkpoint (the pod's terminationGracePeriodSeconds must be longer).
 */
export async function createTrainingWorker(env: WorkerEnv) {
  const observability = await setupObservability(env, 'training-worker', [env.FF_TRAINING_TASK_QUEUE]);
  const backend = await selectBackend(env.FF_TFJS_BACKEND);
  observability.logger.info(
    {
      backend: backend.name,
      native: backend.native,
      gpu: backend.gpu,
      preference: env.FF_TFJS_BACKEND,
      tried: backend.tried,
    },
    `tfjs backend: ${describeSelection(backend)}`,
  );
  refuseUnmetBackend(env, backend);
  const connection = await connect(env);
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.FF_TRAINING_TASK_QUEUE,
    // Encrypts payloads when FF_PAYLOAD_KEY is set (workers/payload-codec-env.ts); SDK default otherwise.
    dataConverter: dataConverterFromEnv(),
    activities: createTrainingActivities(activityDepsFromEnv(env, backend, observability.metrics)),
    maxConcurrentActivityTaskExecutions: env.FF_TRAINING_CONCURRENCY,
    // Epoch heartbeats carry the resume point; send them within 2 s instead of the
    // default 0.8 x heartbeatTimeout, so a crash right after an epoch loses nothing.
    maxHeartbeatThrottleInterval: '2 seconds',
    shutdownGraceTime: env.FF_SHUTDOWN_GRACE_SECONDS * 1000,
    // Interceptors and span sink when FF_OTEL_EXPORTER is set; nothing otherwise.
    ...tracingWorkerOptions(observability.tracing),
  });
  return { worker, connection, observability };
}

if (require.main === module) {
  // Inside the promise chain, so an invalid environment is reported through the same escaping.
  Promise.resolve()
    .then(() => createTrainingWorker(loadWorkerEnv()))
    .then(({ worker, connection, observability }) => runUntilSignal(worker, connection, observability))
    .catch((err: unknown) => exitWithFatalError(err));
}
