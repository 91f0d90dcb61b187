/**
 * OpenTelemetry tracing through the SDK's interceptors (workers/tracing.ts): a worker
 * with `tracingWorkerOptions` on a real server runs a tiny workflow that calls one
 * activity; an in-memory exporter then holds the workflow's and the activity's spans,
 * in one trace, the activity's span a descendant of the workflow's. The same holds
 * for a prebuilt bundle, which always carries the interceptors (and drops their
 * spans when tracing is off).
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import { connect } from '../../workers/shared';
import { createTracing, DISCARD_WORKFLOW_SPANS, tracingWorkerOptions, type Tracing } from '../../workers/tracing';
import { testClient, testWorkerEnv } from '../helpers/real-stack';

jest.setTimeout(90_000);

const env = testWorkerEnv('otel');
const exporter = new InMemorySpanExporter();
const TRACED_WORKFLOW = require.resolve('./tracing/traced-workflow');
let tracing: Tracing;

async function spansNamed(names: string[], timeoutMs = 10_000): Promise<ReadableSpan[]> {
  const deadline = Date.now() + timeoutMs;
  // Workflow spans reach the processor through a sink after the activation, so they may lag the result.
  while (!names.every((n) => exporter.getFinishedSpans().some((s) => s.name === n)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  return exporter.getFinishedSpans();
}

beforeAll(() => {
  tracing = createTracing('otel-test-worker', exporter);
});

afterAll(async () => {
  await tracing.shutdown();
});

/** Runs the traced workflow once on a worker with `options` (workflows from source unless a bundle is given). */
async function runTracedEcho(options: Partial<WorkerOptions>): Promise<void> {
  const connection = await connect(env);
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.FF_CONTROL_TASK_QUEUE,
    activities: { echo: async (text: string) => text.toUpperCase() },
    ...(options.workflowBundle ? {} : { workflowsPath: TRACED_WORKFLOW }),
    ...options,
  });
  const { client, connection: clientConnection } = await testClient(env);
  try {
    const result = await worker.runUntil(
      client.workflow.execute('tracedEcho', {
        taskQueue: env.FF_CONTROL_TASK_QUEUE,
        workflowId: `otel-${Date.now()}`,
        args: ['hello'],
      }),
    );
    expect(result).toBe('HELLO');
  } finally {
    await clientConnection.close();
    await connection.close();
  }
}

/** The three spans of one tracedEcho run, checked to form one trace: workflow -> start activity -> run activity. */
async function expectOneTrace(): Promise<void> {
  const wanted = ['RunWorkflow:tracedEcho', 'StartActivity:echo', 'RunActivity:echo'];
  const spans = await spansNamed(wanted);
  const byName = (n: string) => spans.find((s) => s.name === n);
  for (const name of wanted) expect(byName(name)).toBeDefined();
  const run = byName('RunWorkflow:tracedEcho')!;
  const start = byName('StartActivity:echo')!;
  const act = byName('RunActivity:echo')!;
  // One trace: context crossed the server in headers.
  expect(new Set([run, start, act].map((s) => s.spanContext().traceId)).size).toBe(1);
  expect(start.parentSpanId).toBe(run.spanContext().spanId);
  expect(act.parentSpanId).toBe(start.spanContext().spanId);
  expect(act.resource.attributes['service.name']).toBe('otel-test-worker');
}

test('a traced worker exports RunWorkflow, StartActivity and RunActivity spans of one trace', async () => {
  exporter.reset();
  await runTracedEcho(tracingWorkerOptions(tracing));
  await expectOneTrace();
});

describe('a prebuilt workflow bundle (as in the container image)', () => {
  let bundleDir: string;
  let workflowBundle: { codePath: string };
  beforeAll(async () => {
    bundleDir = mkdtempSync(path.join(os.tmpdir(), 'ff-otel-bundle-'));
    workflowBundle = { codePath: (await bundleWorkflows(path.join(bundleDir, 'bundle.js'), TRACED_WORKFLOW)).path };
  });
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  test('traces when tracing is on, without rebuilding', async () => {
    exporter.reset();
    await runTracedEcho({ workflowBundle, ...tracingWorkerOptions(tracing, { prebuiltBundle: true }) });
    await expectOneTrace();
  });

  test('with tracing off, its interceptors send spans to a registered sink that drops them', async () => {
    exporter.reset();
    const discard = DISCARD_WORKFLOW_SPANS.exporter.export;
    const calls = jest.fn(discard.fn);
    await runTracedEcho({ workflowBundle, sinks: { exporter: { export: { ...discard, fn: calls } } } });
    expect(calls).toHaveBeenCalled();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });
});

test('tracing is off unless FF_OTEL_EXPORTER is set: no interceptors, no sinks (a bundle gets the dropping sink)', () => {
  expect(tracingWorkerOptions(undefined)).toEqual({});
  expect(tracingWorkerOptions(undefined, { prebuiltBundle: true })).toEqual({ sinks: DISCARD_WORKFLOW_SPANS });
  expect(tracingWorkerOptions(tracing, { prebuiltBundle: true }).interceptors?.workflowModules).toBeUndefined();
  const opts = tracingWorkerOptions(tracing);
  expect(opts.interceptors?.workflowModules?.[0]).toMatch(/tracing-workflow-interceptors/);
  expect(Object.keys(opts.sinks ?? {})).toEqual(['exporter']);
});
