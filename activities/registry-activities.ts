import { createRequire } from 'node:module';
import type { RegisterModelInput, RegisterModelOutput } from './contracts';
import type { ActivityDeps } from './deps';
import { readJsonArtifact } from '../lib/artifacts/content-addressed';
import { buildRegistryEntry } from '../lib/registry/build-registry-entry';
import { writeRegistryEntry } from '../lib/registry/registry-entry';
import type { EvaluationArtifact } from '../lib/evaluation/evaluation-artifact';
import { mapFailures } from './failures';

/**
 * The code version recorded in registry entries: `FF_CODE_VERSION` (set it
 * to the git commit when building images), else `GIT_COMMIT`, else the
 * package version (`finetune-flow@<version>`).
 */
export function codeVersionFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.FF_CODE_VERSION || env.GIT_COMMIT;
  if (fromEnv) return fromEnv;
  const pkg = createRequire(__filename)('../package.json') as { name: string; version: string };
  return `${pkg.name}@${pkg.version}`;
}

/**
 * Creates registerModel: writes the run's chosen model (best single or
 * ensemble, chosen on validation by the evaluation) as a registry entry under
 * `registry/<experiment>/<runId>/entry.json` and moves the experiment's
 * `latest.json` to it. Idempotent: a retry finds its own identical entry. A
 * different entry under the same run id is never overwritten: refused, or written
 * as a new version with `registry.onExisting: newVersion` (see writeRegistryEntry).
 */
export function createRegistryActivities(deps: ActivityDeps, codeVersion = codeVersionFromEnv()) {
  return {
    registerModel: mapFailures(async (input: RegisterModelInput): Promise<RegisterModelOutput> => {
      const evaluation = await readJsonArtifact<EvaluationArtifact>(deps.store, input.evaluation.evaluation);
      const { curation, augmentation } = input;
      const entry = buildRegistryEntry({
        experiment: input.config.name,
        runId: input.runId,
        config: input.config,
        evaluation,
        evaluationRef: input.evaluation.evaluation,
        lineage: {
          source: input.config.dataset.source,
          splits: {
            train: curation.train,
            augmentedTrain: augmentation.train,
            val: curation.val,
            test: curation.test,
            ...(curation.quarantine ? { quarantine: curation.quarantine } : {}),
          },
        },
        codeVersion,
      });
      const written = await writeRegistryEntry(deps.store, entry, input.config.registry?.onExisting);
      return { ...written, chosen: entry.chosen, codeVersion };
    }),
  };
}
