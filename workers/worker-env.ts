import { z } from 'zod';
import { CONTROL_TASK_QUEUE, TRAINING_TASK_QUEUE } from '../configs/task-queues';
import { formatIssues } from '../configs/validate-config';

/**
 * Environment of both workers, validated at start so a typo fails in the first
 * second with the variable's name, not later inside an activity. S3
 * credentials are not here on purpose: the AWS SDK reads them from its
 * standard chain (env, profile, instance/pod role).
 */
export const WorkerEnvSchema = z.object({
  TEMPORAL_ADDRESS: z.string().regex(/^[^:\s]+:\d+$/, 'host:port, e.g. 127.0.0.1:7233').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  FF_CONTROL_TASK_QUEUE: z.string().min(1).default(CONTROL_TASK_QUEUE),
  FF_TRAINING_TASK_QUEUE: z.string().min(1).default(TRAINING_TASK_QUEUE),
  FF_S3_ENDPOINT: z.url().optional(),
  FF_S3_BUCKET: z.string().min(3).default('finetune-flow'),
  FF_S3_PREFIX: z.string().default('ff'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  FF_ALLOW_FILE_SOURCES: z.enum(['0', '1']).default('0'),
  /** Max concurrent training activities per training worker (tfjs on CPU: 1 per core is plenty). */
  FF_TRAINING_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  FF_TFJS_BACKEND: z.enum(['auto', 'cpu', 'wasm', 'tensorflow']).default('auto'),
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
