/**
 * Workflow interceptor module for OpenTelemetry tracing (bundled into the workflow
 * sandbox when FF_OTEL_EXPORTER is set; see workers/tracing.ts). Not a workflow.
 *
 * The package's interceptors inject and extract trace context through the OTel API's
 * global propagator, and the sandbox has its own globals, whose default propagator is
 * a no-op: without this line the activity spans start a new trace instead of being
 * children of the workflow's StartActivity span. Setting a propagator is a pure,
 * deterministic module-level effect (no I/O, same on replay).
 */
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

propagation.setGlobalPropagator(new W3CTraceContextPropagator());

export { interceptors } from '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';
