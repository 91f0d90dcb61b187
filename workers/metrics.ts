import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AttemptOutcome, TrainingMetrics } from '../activities/deps';

/**
 * Our own Prometheus metrics (the Temporal SDK's runtime metrics are served
 * by the SDK itself on FF_SDK_METRICS_ADDRESS, see workers/shared.ts).
 *
 * prom-client is the de-facto Prometheus client for Node (text exposition,
 * histograms, default process/GC metrics); a private Registry keeps tests and
 * several workers in one process from sharing global state.
 */
/** Every outcome gets a zero series up front. */
export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = ['completed', 'failed', 'cancelled'];

/** Epoch durations span a tiny CPU demo (~1 s) to a large GPU epoch (~1 h). */
const EPOCH_SECONDS_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

export interface WorkerMetrics {
  registry: Registry;
  /** The port handed to training activities through ActivityDeps.metrics. */
  training: TrainingMetrics;
}

/**
 * Creates the registry with our training metrics (all labelled `task_queue`)
 * and Node's default process metrics. `taskQueues` get zero-valued series up
 * front, so a dashboard's rate() sees the first increment.
 */
export function createWorkerMetrics(options: { service: string; taskQueues?: string[] }): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const started = new Counter({
    name: 'ff_training_attempts_started_total',
    help: 'trainModel activity attempts started (a retry after a crash counts again).',
    labelNames: ['task_queue'],
    registers,
  });
  const resumed = new Counter({
    name: 'ff_training_attempts_resumed_total',
    help: 'Training attempts that resumed from a checkpoint of an earlier attempt.',
    labelNames: ['task_queue'],
    registers,
  });
  const finished = new Counter({
    name: 'ff_training_attempts_finished_total',
    help: 'Training attempts finished, by outcome (completed, failed, cancelled).',
    labelNames: ['task_queue', 'outcome'],
    registers,
  });
  const epochSeconds = new Histogram({
    name: 'ff_epoch_duration_seconds',
    help: 'Wall time of one training epoch.',
    labelNames: ['task_queue'],
    buckets: EPOCH_SECONDS_BUCKETS,
    registers,
  });
  const samplesPerSecond = new Gauge({
    name: 'ff_training_samples_per_second',
    help: 'Training throughput of the most recent epoch.',
    labelNames: ['task_queue'],
    registers,
  });
  const checkpointBytes = new Counter({
    name: 'ff_checkpoint_bytes_total',
    help: 'Bytes of checkpoints written to the artifact store.',
    labelNames: ['task_queue'],
    registers,
  });
  for (const queue of options.taskQueues ?? []) {
    started.labels(queue).inc(0);
    for (const outcome of ATTEMPT_OUTCOMES) finished.labels(queue, outcome).inc(0);
  }
  const training: TrainingMetrics = {
    attemptStarted: (queue) => started.labels(queue).inc(),
    attemptResumed: (queue) => resumed.labels(queue).inc(),
    attemptFinished: (queue, outcome) => finished.labels(queue, outcome).inc(),
    epochCompleted: (queue, epoch) => {
      epochSeconds.labels(queue).observe(epoch.seconds);
      samplesPerSecond.labels(queue).set(epoch.samplesPerSecond);
    },
    checkpointWritten: (queue, bytes) => checkpointBytes.labels(queue).inc(bytes),
  };
  return { registry, training };
}

export interface MetricsServer {
  /** The bound port (useful when asked for port 0 in tests). */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `registry` at `http://<host>:<port>/metrics` (Prometheus text
 * format); every other path is 404. Resolves once listening; rejects when the
 * port is taken, so a misconfigured worker fails at start, not silently.
 */
export function serveMetrics(registry: Registry, port: number, host = '0.0.0.0'): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end('not found: metrics are at /metrics\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(body),
      (err: Error) => res.writeHead(500).end(`metrics collection failed: ${err.message}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
