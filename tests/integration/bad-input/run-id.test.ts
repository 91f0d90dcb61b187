import { ApplicationFailure, WorkflowFailedError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { runControlWorker, type RunningControlWorker } from '../../helpers/control-worker';
import { VALID_CONFIG } from '../../bad-input/config-cases';
import { testClient, testWorkerEnv } from '../../helpers/real-stack';

/**
 * Bad workflow ids as typed into the Web UI's Workflow ID field (which bypasses
 * the CLI's check): each startable workflow fails on its first workflow task with
 * a non-retryable ConfigError stating the rule, before any activity or child is
 * scheduled, and without a workflow-task retry loop.
 */
jest.setTimeout(120_000);

const EventType = temporal.api.enums.v1.EventType;
const env = testWorkerEnv('run-id');
const tag = `${process.pid}-${Date.now().toString(36)}`;
let control: RunningControlWorker | undefined;
let client: Client;
let closeClient: () => Promise<void>;

beforeAll(async () => {
  control = await runControlWorker(env);
  const connected = await testClient(env);
  client = connected.client;
  closeClient = () => connected.connection.close();
});

afterAll(async () => {
  await control?.stop();
  await closeClient?.();
});

const CASES: Array<[string, string, string]> = [
  ['fineTunePipeline', `a/b-${tag}`, 'contains "/" (U+002F)'],
  ['fineTunePipeline', `x y-${tag}`, 'contains a space'],
  ['fineTunePipeline', `<script>${tag}`, 'contains "<" (U+003C)'],
  ['hpoSweep', `sweep\u0430-${tag}`, 'contains "\u0430" (U+0430)'],
  ['trainTrial', `trial..${tag}`, 'contains ".."'],
];

test.each(CASES)(
  '%s with id %j fails at once with the rule, before any activity',
  async (type, workflowId, message) => {
    // The id check runs before the input is read, so one input serves every workflow type.
    const input = { config: VALID_CONFIG };
    const error = await client.workflow
      .execute(type, {
        taskQueue: env.FF_CONTROL_TASK_QUEUE,
        workflowId,
        args: [input],
        workflowExecutionTimeout: '1 minute',
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe('ConfigError');
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toContain(message);
    expect(cause.message).toContain('^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$');
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const types = events.map((e) => Number(e.eventType));
    expect(types).not.toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    expect(types).not.toContain(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED);
    expect(types).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    // Failed on the first workflow task: started, scheduled, started, completed, then failed.
    expect(types.filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toHaveLength(1);
  },
);
