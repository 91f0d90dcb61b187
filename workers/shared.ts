import { readFileSync } from 'node:fs';
import { NativeConnection, Runtime, type TelemetryOptions } from '@temporalio/worker';
import type { Worker } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';
import type { ActivityDeps } from '../activities';
import type { SelectedBackend } from '../lib/models/runtime/backend-requirement';
import { createWorkerLogger, PinoSdkLogger } from './logging';
import { createWorkerMetrics, serveMetrics, type MetricsServer, type WorkerMetrics } from './metrics';
import { payloadKeyringFromEnv } from './payload-codec-env';
import { tracingFromEnv, type Tracing } from './tracing';
import type { WorkerEnv } from './worker-env';
import { s3StoreFromEnv } from './s3-store-from-env';

/** Activity dependencies for a worker: the S3 store named by the environment, and our metrics port. */
export function activityDepsFromEnv(env: WorkerEnv, backend?: SelectedBackend, metrics?: WorkerMetrics): ActivityDeps {
  const store = s3StoreFromEnv(env);
  return {
    store,
    allowFileSources: env.FF_ALLOW_FILE_SOURCES === '1',
    backend,
    metrics: metrics?.training,
    training: { stopGraceMs: env.FF_TRAINING_STOP_GRACE_SECONDS * 1000 },
  };
}

/** A worker process's logger and (when FF_METRICS_PORT > 0) its metrics endpoint. */
export interface Observability {
  logger: PinoLogger;
  metrics?: WorkerMetrics;
  metricsServer?: MetricsServer;
  /** OpenTelemetry tracing when FF_OTEL_EXPORTER is set (pass `tracingWorkerOptions(tracing)` to Worker.create). */
  tracing?: Tracing;
}

let observability: Promise<Observability> | undefined;

/**
 * Once per process (the SDK Runtime is process-wide): JSON logs for us and
 * the SDK (Core's Rust logs forwarded into the same stream), the SDK's
 * Prometheus exporter on FF_SDK_METRICS_ADDRESS, and our prom-client
 * endpoint on FF_METRICS_PORT. Must run before the first connection.
 */
export function setupObservability(env: WorkerEnv, service: string, taskQueues: string[]): Promise<Observability> {
  observability ??= (async () => {
    const logger = createWorkerLogger(service, env.FF_LOG_LEVEL);
    const sdkLogger = logger.child({ component: 'temporal-sdk' }, { level: env.FF_SDK_LOG_LEVEL });
    // With payload encryption on, failure texts (which can quote rows or hyperparameters) stay out of logs too.
    const redactFailureText = payloadKeyringFromEnv() !== undefined;
    Runtime.install({
      logger: new PinoSdkLogger(sdkLogger, { redactFailureText }),
      telemetryOptions: telemetryOptions(env),
    });
    if (env.FF_SDK_METRICS_ADDRESS)
      logger.info({ address: env.FF_SDK_METRICS_ADDRESS }, 'Temporal SDK metrics at /metrics');
    const tracing = tracingFromEnv(env.FF_OTEL_EXPORTER, service);
    if (tracing) logger.info({ exporter: env.FF_OTEL_EXPORTER }, 'OpenTelemetry tracing on');
    if (env.FF_METRICS_PORT === 0) return { logger, tracing };
    const metrics = createWorkerMetrics({ service, taskQueues });
    const metricsServer = await serveMetrics(metrics.registry, env.FF_METRICS_PORT);
    logger.info({ port: metricsServer.port }, 'finetune-flow metrics at /metrics');
    return { logger, metrics, metricsServer, tracing };
  })();
  return observability;
}

function telemetryOptions(env: WorkerEnv): TelemetryOptions {
  return {
    // Core (Rust) logs go through the same JSON logger instead of straight to stderr.
    logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } },
    metrics: env.FF_SDK_METRICS_ADDRESS
      ? { prometheus: { bindAddress: env.FF_SDK_METRICS_ADDRESS, useSecondsForDurations: true } }
      : undefined,
  };
}

/**
 * Connects to Temporal: plain TCP locally; TLS when a client certificate
 * (mTLS: Temporal Cloud or a self-hosted server with mTLS), a CA or an API
 * key is configured. Certificate files are read here, at start, so a wrong
 * path fails in the first second.
 */
export async function connect(env: WorkerEnv): Promise<NativeConnection> {
  const read = (path: string) => readFileSync(path);
  const mtls =
    env.FF_TEMPORAL_TLS_CERT && env.FF_TEMPORAL_TLS_KEY
      ? { crt: read(env.FF_TEMPORAL_TLS_CERT), key: read(env.FF_TEMPORAL_TLS_KEY) }
      : undefined;
  const useTls = Boolean(mtls || env.FF_TEMPORAL_TLS_CA || env.FF_TEMPORAL_API_KEY);
  const tls = useTls
    ? {
        clientCertPair: mtls,
        serverRootCACertificate: env.FF_TEMPORAL_TLS_CA ? read(env.FF_TEMPORAL_TLS_CA) : undefined,
        serverNameOverride: env.FF_TEMPORAL_TLS_SERVER_NAME,
      }
    : undefined;
  return NativeConnection.connect({ address: env.TEMPORAL_ADDRESS, tls, apiKey: env.FF_TEMPORAL_API_KEY });
}

/** Runs a worker until SIGINT/SIGTERM, then drains, closes the connection and the metrics endpoint. */
export async function runUntilSignal(worker: Worker, connection: NativeConnection, obs: Observability): Promise<void> {
  // The SDK Runtime also shuts workers down on these signals; whichever runs second is a no-op.
  const stop = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  obs.logger.info(
    { taskQueue: worker.options.taskQueue },
    `polling task queue ${worker.options.taskQueue} (pid ${process.pid})`,
  );
  try {
    await worker.run();
  } finally {
    await connection.close();
    await obs.metricsServer?.close();
    await obs.tracing?.shutdown();
    obs.logger.info('worker stopped');
  }
}
