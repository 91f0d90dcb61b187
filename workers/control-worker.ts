import './quiet-process-env';
import { Worker } from '@temporalio/worker';
import { createControlActivities } from '../activities';
import { activityDepsFromEnv, connect, runUntilSignal, setupObservability } from './shared';
import { dataConverterFromEnv } from './payload-codec-env';
import { tracingWorkerOptions } from './tracing';
import { exitWithFatalError } from './fatal-error';
import { loadWorkerEnv, type WorkerEnv } from './worker-env';
import { selectBackend } from '../lib/models/runtime/backend';
import { describeSelection } from '../lib/models/runtime/backend-requirement';

/**
 * The control worker: every workflow (deterministic orchestration) plus the
 * CPU activities (curation, suggestions, report) on the control task queue.
 * Workflows come from FF_WORKFLOW_BUNDLE when set (a bundle prebuilt by
 * scripts/bundle-workflows.ts, as in the container image: no bundling at
 * start), else they are bundled from source.
 */
export async function createControlWorker(env: WorkerEnv) {
  const observability = await setupObservability(env, 'control-worker', []);
  // Evaluation and ensembling predict with every candidate model here: on the fastest backend, as training
  // does (tfjs's pure-JS default is 100x slower on transformer candidates). selectBackend also silences
  // tfjs's console notices, which would land in the JSON log as bare lines.
  const backend = await selectBackend(env.FF_TFJS_BACKEND);
  observability.logger.info(
    { backend: backend.name, native: backend.native, preference: env.FF_TFJS_BACKEND, tried: backend.tried },
    `tfjs backend for evaluation: ${describeSelection(backend)}`,
  );
  const connection = await connect(env);
  const workflows = env.FF_WORKFLOW_BUNDLE
    ? { workflowBundle: { codePath: env.FF_WORKFLOW_BUNDLE } }
    : { workflowsPath: require.resolve('../workflows') };
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    // Encrypts payloads when FF_PAYLOAD_KEY is set (workers/payload-codec-env.ts); SDK default otherwise.
    dataConverter: dataConverterFromEnv(),
    ...workflows,
    activities: createControlActivities(activityDepsFromEnv(env, backend)),
    shutdownGraceTime: env.FF_SHUTDOWN_GRACE_SECONDS * 1000,
    // Interceptors and span sink when FF_OTEL_EXPORTER is set; otherwise nothing (or a span-dropping sink for a bundle).
    ...tracingWorkerOptions(observability.tracing, { prebuiltBundle: Boolean(env.FF_WORKFLOW_BUNDLE) }),
  });
  return { worker, connection, observability };
}

if (require.main === module) {
  // Inside the promise chain, so an invalid environment is reported through the same escaping.
  Promise.resolve()
    .then(() => createControlWorker(loadWorkerEnv()))
    .then(({ worker, connection, observability }) => runUntilSignal(worker, connection, observability))
    .catch((err: unknown) => exitWithFatalError(err));
}
