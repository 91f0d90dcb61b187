/**
 * OpenTelemetry tracing through the SDK's interceptors (workers/tracing.ts): a worker
 * with `tracingWorkerOptions` on a real server runs a tiny workflow that calls one
 * activity; an in-memory exporter then holds the workflow's and the activity's spans,
 * in one trace, the activity's span a descendant of the workflow's.
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Worker } from '@temporalio/worker';
import { connect } from '../../workers/shared';
import { createTracing, tracingWorkerOptions, type Tracing } from '../../workers/tracing';
import { testClient, testWorkerEnv } from '../helpers/real-stack';

jest.setTimeout(90_000);

const env = testWorkerEnv('otel');
const exporter = new InMemorySpanExporter();
let tracing: Tracing;

async function spansNamed(names: string[], timeoutMs = 10_000): Promise<ReadableSpan[]> {
  const deadline = Date.now() + timeoutMs;
  // Workflow spans reach the processor through a sink after the activation, so they may lag the result.
  while (!names.every((n) => exporter.getFinishedSpans().some((s) => s.name === n)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return exporter.getFinishedSpans();
}

beforeAll(() => {
  tracing = createTracing('otel-test-worker', exporter);
});

afterAll(async () => {
  await tracing.shutdown();
});

test('a traced worker exports RunWorkflow, StartActivity and RunActivity spans of one trace', async () => {
  const connection = await connect(env);
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    workflowsPath: require.resolve('./tracing/traced-workflow'),
    activities: { echo: async (text: string) => text.toUpperCase() },
    ...tracingWorkerOptions(tracing),
  });
  const { client, connection: clientConnection } = await testClient(env);
  try {
    const result = await worker.runUntil(
      client.workflow.execute('tracedEcho', { taskQueue: env.FF_CONTROL_TASK_QUEUE, workflowId: `otel-${Date.now()}`, args: ['hello'] }),
    );
    expect(result).toBe('HELLO');
  } finally {
    await clientConnection.close();
    await connection.close();
  }
  const wanted = ['RunWorkflow:tracedEcho', 'StartActivity:echo', 'RunActivity:echo'];
  const spans = await spansNamed(wanted);
  const byName = (n: string) => spans.find((s) => s.name === n);
  for (const name of wanted) expect(byName(name)).toBeDefined();
  const run = byName('RunWorkflow:tracedEcho')!;
  const start = byName('StartActivity:echo')!;
  const act = byName('RunActivity:echo')!;
  // One trace: workflow -> start activity -> run activity (context crossed the server in headers).
  expect(new Set([run, start, act].map((s) => s.spanContext().traceId)).size).toBe(1);
  expect(start.parentSpanId).toBe(run.spanContext().spanId);
  expect(act.parentSpanId).toBe(start.spanContext().spanId);
  expect(act.resource.attributes['service.name']).toBe('otel-test-worker');
});

test('tracing is off unless FF_OTEL_EXPORTER is set: no interceptors, no sinks', () => {
  expect(tracingWorkerOptions(undefined)).toEqual({});
  const opts = tracingWorkerOptions(tracing);
  expect(opts.interceptors?.workflowModules?.[0]).toMatch(/tracing-workflow-interceptors/);
  expect(Object.keys(opts.sinks ?? {})).toEqual(['exporter']);
});
