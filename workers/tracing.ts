import { context, propagation, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';

/**
 * Optional OpenTelemetry tracing of workflows and activities through the Temporal
 * SDK's interceptors (@temporalio/interceptors-opentelemetry, same version as the
 * SDK; it is built on the OTel JS SDK 1.x, hence the 1.x sdk-trace-base/resources
 * pins). Off unless FF_OTEL_EXPORTER is `console` or `otlp` (OTLP/HTTP; endpoint from
 * the standard OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
 * read by the exporter itself).
 *
 * Workflow spans are made inside the sandbox by the interceptor module and leave it
 * through the `exporter` sink to the same span processor as activity spans. Trace
 * context travels in Temporal headers, so a trainModel span on a training worker is
 * a child of its trainTrial workflow span on the control worker.
 */
export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  tracer: Tracer;
  /** Flushes pending spans and stops the processor. */
  shutdown(): Promise<void>;
}

/** Workflow interceptor module (the package's, plus the sandbox's propagator); it must be part of the workflow bundle. */
export const OTEL_WORKFLOW_INTERCEPTOR_MODULE = require.resolve('./tracing-workflow-interceptors');

/**
 * Tracing for one worker process exporting to `exporter`. Console and in-memory
 * exporters get a SimpleSpanProcessor (each span on end); network exporters a
 * BatchSpanProcessor. The provider is not registered globally (interceptors get
 * its tracer explicitly, so tests can run several in one process); the W3C trace
 * context propagator is, since that is the only way the activity side reads it.
 */
export function createTracing(service: string, exporter: SpanExporter, opts: { batch?: boolean } = {}): Tracing {
  installGlobalContext();
  const resource = new Resource({ 'service.name': service });
  const spanProcessor = opts.batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  return { resource, spanProcessor, tracer: provider.getTracer('finetune-flow'), shutdown: () => provider.shutdown() };
}

let globalContextInstalled = false;

/**
 * The activity interceptor reads the parent span from Temporal headers through the
 * global propagator and activates it with `context.with`; the API's defaults (no-op
 * propagator, no-op context manager) silently start a new trace per activity.
 * Process-wide, once.
 */
function installGlobalContext(): void {
  if (globalContextInstalled) return;
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  globalContextInstalled = true;
}

/** Tracing as FF_OTEL_EXPORTER says: undefined when unset (the default). */
export function tracingFromEnv(exporterKind: 'console' | 'otlp' | undefined, service: string): Tracing | undefined {
  if (!exporterKind) return undefined;
  return exporterKind === 'console'
    ? createTracing(service, new ConsoleSpanExporter())
    : createTracing(service, new OTLPTraceExporter(), { batch: true });
}

/**
 * Sinks for a worker running a prebuilt bundle with tracing off: the bundle
 * always carries the tracing interceptors (scripts/bundle-workflows.ts), which
 * hand finished workflow spans to the `exporter` sink; this one drops them, so
 * the SDK does not log "unregistered external sink" on every activation.
 */
export const DISCARD_WORKFLOW_SPANS: NonNullable<WorkerOptions['sinks']> = {
  exporter: { export: { fn: () => undefined } },
};

/**
 * Worker options that trace: the workflow interceptor module (when the worker
 * bundles workflows itself; a prebuilt bundle already has it), activity
 * interceptors, and the sink that exports workflow spans. With tracing off:
 * nothing, or only {@link DISCARD_WORKFLOW_SPANS} for a prebuilt bundle.
 */
export function tracingWorkerOptions(
  tracing: Tracing | undefined,
  opts: { prebuiltBundle?: boolean } = {},
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing) return opts.prebuiltBundle ? { sinks: DISCARD_WORKFLOW_SPANS } : {};
  const { tracer } = tracing;
  return {
    interceptors: {
      // Naming the module again with a prebuilt bundle only makes the SDK warn that it ignores it.
      ...(opts.prebuiltBundle ? {} : { workflowModules: [OTEL_WORKFLOW_INTERCEPTOR_MODULE] }),
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
