/**
 * Builds the registry entry of a run from its evaluation artifact: the model
 * chosen ON VALIDATION (the ensemble when it beat the best single trial
 * there, else that trial), its members' checkpoints and weights, validation
 * and test metrics, the config and the data lineage. Pure.
 */
import type { ArtifactRef } from '../core/artifact-ref';
import { DataError } from '../core/errors';
import type { EvaluationArtifact } from '../evaluation/evaluation-artifact';
import { headline } from '../evaluation/model-metrics';
import type { EnsembleSpec } from '../ensemble/ensemble-spec';
import { REGISTRY_ENTRY_VERSION, type RegistryEntry } from './registry-entry';

/** Input of {@link buildRegistryEntry}. */
export interface BuildRegistryEntryInput {
  experiment: string;
  runId: string;
  config: Record<string, unknown>;
  evaluation: EvaluationArtifact;
  evaluationRef: ArtifactRef;
  /** Dataset source (from the config) and split artifacts (train, augmentedTrain, val, test...). */
  lineage: { source: unknown; splits: Record<string, ArtifactRef> };
  codeVersion: string;
}

/** The entry for the chosen model. @throws DataError when a member has no candidate record. */
export function buildRegistryEntry(input: BuildRegistryEntryInput): RegistryEntry {
  const { evaluation: ev } = input.evaluation;
  const sel = ev.selection;
  const spec: EnsembleSpec =
    sel.chosen === 'ensemble' ? sel.spec : { method: 'single', members: [{ id: ev.best.id, weight: 1 }] };
  const byId = new Map(input.evaluation.candidates.map((c) => [c.trialId, c]));
  const members = spec.members.map((m) => {
    const c = byId.get(m.id);
    if (!c)
      throw new DataError(
        `ensemble member "${m.id}" is not among the evaluated candidates; the evaluation artifact is inconsistent`,
      );
    return { trialId: m.id, weight: m.weight, model: c.model, params: c.params };
  });
  const chosenTest = sel.chosen === 'ensemble' ? ev.ensemble : ev.best;
  return {
    schemaVersion: REGISTRY_ENTRY_VERSION,
    experiment: input.experiment,
    runId: input.runId,
    labels: ev.labels,
    chosen: sel.chosen,
    ensemble: spec,
    members,
    metrics: {
      selectionMetric: sel.metric,
      validation: {
        chosen: sel.chosen === 'ensemble' ? sel.validationScore : sel.bestSingle.validationScore,
        bestSingle: sel.bestSingle.validationScore,
        ensemble: sel.validationScore,
      },
      test: {
        ...headline(chosenTest),
        interval: sel.chosen === 'ensemble' ? ev.intervals.ensemble : ev.intervals.best,
        intervalMetric: ev.intervals.metric,
      },
    },
    config: input.config,
    lineage: { source: input.lineage.source, splits: input.lineage.splits, evaluation: input.evaluationRef },
    codeVersion: input.codeVersion,
  };
}
