import { ActivityFailure, ApplicationFailure, WorkflowFailedError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { runControlWorker, type RunningControlWorker } from '../../helpers/control-worker';
import type { WorkerEnv } from '../../../workers/worker-env';
import { CONFIG_CASES, ENVELOPE_CASES, VALID_CONFIG } from '../../bad-input/config-cases';
import { DATASET_CASES } from '../../bad-input/dataset-cases';
import { testClient, testStore, testWorkerEnv } from '../../helpers/real-stack';

/**
 * The bad-input corpus on the real stack: every case is the input of a real
 * `fineTunePipeline` on the dev server, run by a real control worker that does
 * NOT allow file:// sources (like a shared worker). Datasets are uploaded to the
 * real S3 server and referenced by s3:// URI. Each run must fail the workflow
 * once with the expected non-retryable failure: no workflow-task retry loop
 * (no WORKFLOW_TASK_FAILED), no activity retries (attempt 1), and nothing under
 * the run's prefix that a later step could mistake for valid data.
 */
jest.setTimeout(180_000);

const EventType = temporal.api.enums.v1.EventType;
const env: WorkerEnv = { ...testWorkerEnv('bad-input'), FF_ALLOW_FILE_SOURCES: '0' };
const store = testStore(env);
const tag = `${process.pid}-${Date.now().toString(36)}`;
const uploadPrefix = `bad-input-uploads/${tag}`;
const root = store.uriFor('x').slice(0, -1);

interface Outcome {
  workflowId: string;
  error: unknown;
  eventTypes: number[];
  activityAttempts: number[];
  written: string[];
}

let control: RunningControlWorker | undefined;
let client: Client;
let closeClient: () => Promise<void>;
const outcomes = new Map<string, Outcome>();

async function runPipeline(workflowId: string, input: unknown): Promise<Outcome> {
  const error = await client.workflow
    .execute('fineTunePipeline', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId,
      args: [input],
      workflowExecutionTimeout: '2 minutes',
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  return {
    workflowId,
    error,
    eventTypes: events.map((e) => Number(e.eventType)),
    activityAttempts: events
      .filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt ?? 0),
    written: await store.list(`runs/${workflowId}/`),
  };
}

function datasetConfig(
  uri: string,
  source: Record<string, unknown> = {},
  labels?: string[],
  options: Record<string, unknown> = {},
) {
  return {
    ...VALID_CONFIG,
    dataset: { source: { kind: 'uri', uri, ...source }, ...(labels ? { labels } : {}), ...options },
  };
}

beforeAll(async () => {
  control = await runControlWorker(env);
  const connected = await testClient(env);
  client = connected.client;
  closeClient = () => connected.connection.close();
  const runs: Promise<void>[] = [];
  const start = (key: string, input: unknown) =>
    runs.push(
      runPipeline(`bad-input-${tag}-${outcomes.size + runs.length}`, input).then((o) => void outcomes.set(key, o)),
    );
  // As JSON typed into the Web UI: the bare config object (the README allows it).
  for (const c of CONFIG_CASES) start(`config:${c.name}`, c.config);
  for (const c of ENVELOPE_CASES) start(`envelope:${c.name}`, c.input);
  for (const [i, c] of DATASET_CASES.entries()) {
    let uri: string;
    if (c.bytes) {
      const key = `${uploadPrefix}/${i}.${c.source?.format === 'csv' ? 'csv' : 'jsonl'}`;
      await store.put(key, c.bytes);
      uri = store.uriFor(key);
    } else {
      uri = c.uri!({ root, bucket: env.FF_S3_BUCKET });
    }
    start(`dataset:${c.name}`, { config: datasetConfig(uri, c.source, c.labels, c.options) });
  }
  await Promise.all(runs);
});

afterAll(async () => {
  await control?.stop();
  await closeClient?.();
  for (const key of await store.list(`${uploadPrefix}/`)) await store.delete(key);
});

function expectFailedOnce(o: Outcome): void {
  expect(o.error).toBeInstanceOf(WorkflowFailedError);
  expect(o.eventTypes).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  expect(o.eventTypes).toContain(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED);
  expect(o.written).toEqual([]);
}

const configLike = [
  ...CONFIG_CASES.map((c) => [`config:${c.name}`, c.message] as const),
  ...ENVELOPE_CASES.map((c) => [`envelope:${c.name}`, c.message] as const),
];

test.each(configLike)('%s: ConfigError naming the field, no activity scheduled', (key, message) => {
  const o = outcomes.get(key)!;
  expectFailedOnce(o);
  const cause = (o.error as WorkflowFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect((cause as ApplicationFailure).type).toBe('ConfigError');
  expect((cause as ApplicationFailure).nonRetryable).toBe(true);
  expect(cause!.message).toContain(message);
  expect(o.eventTypes).not.toContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
});

test.each(DATASET_CASES.map((c) => [`dataset:${c.name}`, c] as const))(
  '%s: fails curation once, nothing written',
  (key, c) => {
    const o = outcomes.get(key)!;
    expectFailedOnce(o);
    // The run's failure says which activity failed and why; the activity failure is its cause.
    const failure = (o.error as WorkflowFailedError).cause as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe(c.type);
    const activity = failure.cause;
    expect(activity).toBeInstanceOf(ActivityFailure);
    expect((activity as ActivityFailure).activityType).toBe('curateDataset');
    const cause = activity!.cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe(c.type);
    expect(cause.nonRetryable).toBe(true);
    expect(cause.message).toContain(c.message);
    expect(failure.message).toBe(`curateDataset failed (not retryable): ${cause.message}`);
    // One scheduled activity (curation), started exactly once: no retry storm.
    expect(o.eventTypes.filter((t) => t === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toHaveLength(1);
    expect(o.activityAttempts).toEqual([1]);
  },
);

test('the corpus has at least 50 distinct bad inputs', () => {
  expect(outcomes.size).toBe(CONFIG_CASES.length + ENVELOPE_CASES.length + DATASET_CASES.length);
  expect(outcomes.size).toBeGreaterThanOrEqual(50);
});
