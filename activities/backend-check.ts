import { Context } from '@temporalio/activity';
import type { CheckTrainingBackendInput, CheckTrainingBackendOutput } from './contracts';
import type { ActivityDeps } from './deps';
import { ConfigError } from '../lib/core/errors';
import {
  backendRequirementFix,
  describeBackend,
  meetsBackendRequirement,
  type BackendRequirement,
} from '../lib/models/runtime/backend-requirement';
import { mapFailures } from './failures';

/**
 * Throws a non-retryable ConfigError naming `model.requireBackend` when this
 * worker's backend (`deps.backend`; an unreported one meets only 'any') misses
 * `requirement`. Training attempts call it before they read or write anything;
 * the sweep's pre-flight calls it through {@link createBackendCheckActivities}.
 */
export function assertBackendMeets(deps: ActivityDeps, requirement: BackendRequirement | undefined): void {
  if (!requirement || requirement === 'any' || meetsBackendRequirement(deps.backend, requirement)) return;
  const taskQueue = Context.current().info.taskQueue;
  const runs = deps.backend ? describeBackend(deps.backend) : 'an unreported backend';
  throw new ConfigError(
    `model.requireBackend is "${requirement}" but the training worker on task queue "${taskQueue}" runs ${runs}; ` +
      `${backendRequirementFix(requirement)}, route training to workers that have it (trainingTaskQueue), or set model.requireBackend to "any"`,
    { field: 'model.requireBackend', requirement, backend: deps.backend ?? null, taskQueue },
  );
}

/** The sweep's pre-flight: fails before any trial when the training queue's worker misses the run's requirement. */
async function checkTrainingBackend(
  deps: ActivityDeps,
  input: CheckTrainingBackendInput,
): Promise<CheckTrainingBackendOutput> {
  assertBackendMeets(deps, input.requirement);
  const backend = deps.backend ?? { name: 'unreported', native: false, gpu: false };
  return { backend, description: describeBackend(backend), taskQueue: Context.current().info.taskQueue };
}

/** Activities of training workers that only inspect the worker (no training). */
export function createBackendCheckActivities(deps: ActivityDeps) {
  return { checkTrainingBackend: mapFailures((input: CheckTrainingBackendInput) => checkTrainingBackend(deps, input)) };
}
