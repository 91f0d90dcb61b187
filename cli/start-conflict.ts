import { ConfigError } from '../lib/core/errors';

/** The part of a Temporal workflow description the start path needs. */
export interface ExistingRun {
  /** Temporal's execution status name: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, CONTINUED_AS_NEW. */
  status: string;
  type: string;
}

/**
 * The error `cli start` reports when Temporal refuses a start because the id is
 * taken (WorkflowExecutionAlreadyStartedError). A running run gets the `watch`
 * command; a finished one gets how to reuse its results or pick a new id. A
 * run id names lineage records (registry entries, curves), which are never
 * overwritten, hence the advice to pick a new id or opt into a new version.
 */
export function startConflictError(workflowId: string, existing: ExistingRun | undefined, uiLink: string): ConfigError {
  if (existing?.status === 'RUNNING') {
    return new ConfigError(
      `Run ${workflowId} is already running (${existing.type}); it was not started again.\n` +
        `Follow it with: npx tsx cli/main.ts watch ${workflowId}\nWeb UI: ${uiLink}\n` +
        'To start another run, omit --id (a fresh <name>-<timestamp> id is chosen) or pass a new --id.',
      { workflowId, status: existing.status },
    );
  }
  const state = existing ? `already finished (${existing.status.toLowerCase()}, ${existing.type})` : 'already used';
  return new ConfigError(
    `Run id ${workflowId} is ${state}; its artifacts and registry entry are kept as they are.\n` +
      `Reuse its results with: npx tsx cli/main.ts result ${workflowId} (metrics, registry entry, report), or predict with its registered model.\n` +
      'To run again, omit --id (a fresh <name>-<timestamp> id is chosen) or pass a new --id; to rerun this id as a new registry version, set registry.onExisting: newVersion in the config.\nWeb UI: ' +
      uiLink,
    { workflowId, status: existing?.status },
  );
}
