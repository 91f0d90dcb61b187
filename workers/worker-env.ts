import { z } from 'zod';
import { CONTROL_TASK_QUEUE, TRAINING_TASK_QUEUE } from '../configs/task-queues';
import { formatIssues } from '../configs/validate-config';
import { LOG_LEVELS } from './logging';
import { DEFAULT_S3_CONNECT_TIMEOUT_MS, DEFAULT_S3_REQUEST_TIMEOUT_MS } from '../lib/artifacts/s3-config';
import { BACKEND_REQUIREMENTS } from '../lib/models/runtime/backend-requirement';

/** A log level, case-insensitive (`INFO` and `info` both work). */
const logLevel = (fallback: (typeof LOG_LEVELS)[number]) =>
  z
    .string()
    .default(fallback)
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(LOG_LEVELS));
const hostPort = z.string().regex(/^[^:\s]+:\d+$/, 'host:port, e.g. 0.0.0.0:9000');

/**
 * Environment of both workers, validated at start so a typo fails in the first
 * second with the variable's name, not later inside an activity. S3
 * credentials are not here on purpose: the AWS SDK reads them from its
 * standard chain (env, profile, instance/pod role).
 */
export const WorkerEnvSchema = z
  .object({
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^:\s]+:\d+$/, 'host:port, e.g. 127.0.0.1:7233')
      .default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    FF_CONTROL_TASK_QUEUE: z.string().min(1).default(CONTROL_TASK_QUEUE),
    FF_TRAINING_TASK_QUEUE: z.string().min(1).default(TRAINING_TASK_QUEUE),
    FF_S3_ENDPOINT: z.url().optional(),
    FF_S3_BUCKET: z.string().min(3).default('finetune-flow'),
    FF_S3_PREFIX: z.string().default('ff'),
    AWS_REGION: z.string().min(1).default('us-east-1'),
    /** S3 connect timeout in ms (a down endpoint fails a call after this, per SDK attempt); 0 = none. */
    FF_S3_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(DEFAULT_S3_CONNECT_TIMEOUT_MS),
    /** S3 request timeout in ms: no answer (or no next byte) for this long fails the call; 0 = none. */
    FF_S3_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(DEFAULT_S3_REQUEST_TIMEOUT_MS),
    FF_ALLOW_FILE_SOURCES: z.enum(['0', '1']).default('0'),
    /** Max concurrent training activities per training worker (tfjs on CPU: 1 per core is plenty). */
    FF_TRAINING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    FF_TFJS_BACKEND: z.enum(['auto', 'cpu', 'wasm', 'tensorflow']).default('auto'),
    /**
     * What the training worker's backend must be, else it exits at start instead of polling:
     * `any`, `native` or `gpu` (the GPU image sets `gpu`, so a GPU pool never trains on a silent CPU
     * fallback; set `any` to allow it).
     */
    FF_REQUIRE_BACKEND: z.enum(BACKEND_REQUIREMENTS).default('any'),
    /** Level of the workers' own JSON logs (stdout). */
    FF_LOG_LEVEL: logLevel('info'),
    /** Level of the Temporal SDK's logs (same JSON stream); warn keeps per-task chatter out. */
    FF_SDK_LOG_LEVEL: logLevel('warn'),
    /** Port of our Prometheus endpoint (/metrics, prom-client); 0 = off, the default, so several local workers never collide. */
    FF_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /** host:port where the Temporal SDK serves its own Prometheus metrics (temporal_*); unset = off. */
    FF_SDK_METRICS_ADDRESS: hostPort.optional(),
    /** Prebuilt workflow bundle (scripts/bundle-workflows.ts) for the control worker; unset = bundle from source at start. */
    FF_WORKFLOW_BUNDLE: z.string().min(1).optional(),
    /** How long a stopping worker lets running tasks finish before cancelling them (keep below the pod's terminationGracePeriodSeconds). */
    FF_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
    /** mTLS client certificate and key (PEM file paths) for Temporal Cloud or a TLS-enabled self-hosted server; both or neither. */
    FF_TEMPORAL_TLS_CERT: z.string().min(1).optional(),
    FF_TEMPORAL_TLS_KEY: z.string().min(1).optional(),
    /** CA bundle (PEM path) that signed the server's certificate, when it is not a public CA. */
    FF_TEMPORAL_TLS_CA: z.string().min(1).optional(),
    /** Temporal Cloud API key (from a Secret, never a ConfigMap); implies TLS. */
    FF_TEMPORAL_API_KEY: z.string().min(1).optional(),
    /** OpenTelemetry tracing of workflows and activities (workers/tracing.ts): console, or otlp to OTEL_EXPORTER_OTLP_ENDPOINT; unset = off. */
    FF_OTEL_EXPORTER: z.enum(['console', 'otlp']).optional(),
    /** Override of the TLS server name (SNI), when it differs from TEMPORAL_ADDRESS's host. */
    FF_TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.FF_TEMPORAL_TLS_CERT) !== Boolean(env.FF_TEMPORAL_TLS_KEY)) {
      const missing = env.FF_TEMPORAL_TLS_CERT ? 'FF_TEMPORAL_TLS_KEY' : 'FF_TEMPORAL_TLS_CERT';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message:
          'mTLS needs both FF_TEMPORAL_TLS_CERT and FF_TEMPORAL_TLS_KEY (PEM file paths); set the missing one or unset both',
      });
    }
  });
export type WorkerEnv = z.infer<typeof WorkerEnvSchema>;

/** Parses the environment; exits with one line per bad variable. */
export function loadWorkerEnv(env: NodeJS.ProcessEnv = process.env): WorkerEnv {
  const result = WorkerEnvSchema.safeParse(env);
  if (!result.success) {
    const lines = formatIssues(result.error.issues);
    throw new Error(`Invalid worker environment:\n${lines.join('\n')}`);
  }
  return result.data;
}
