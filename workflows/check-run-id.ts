import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import { runIdMessage, runIdProblem, RUN_ID_MAX_LENGTH, WORKFLOW_ID_MAX_LENGTH } from '../lib/core/run-id';

/**
 * First step of every workflow: checks this execution's own workflow id with the
 * rule in lib/core/run-id.ts. Pure workflow code (no activity, no timer), so it
 * adds no commands and recorded histories still replay. It matters because the
 * Web UI's "Start Workflow" bypasses the CLI: a bad id (`a/b`, `x y`, HTML) fails
 * at once with a non-retryable `ConfigError` instead of running curation and the
 * sweep and failing at registerModel.
 *
 * A top-level start (no parent: CLI, code or Web UI) gets the shorter run-id limit,
 * leaving room for the derived child ids; a child started by the system gets the
 * workflow-id limit.
 */
export function checkOwnWorkflowId(): string {
  const { workflowId: id, parent } = workflowInfo();
  const problem = runIdProblem(id, parent ? WORKFLOW_ID_MAX_LENGTH : RUN_ID_MAX_LENGTH);
  if (problem !== undefined) {
    throw ApplicationFailure.nonRetryable(runIdMessage(id, problem, 'workflow id (= run id)'), 'ConfigError', {
      field: 'workflowId',
    });
  }
  return id;
}
