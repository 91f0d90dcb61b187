/**
 * The evaluation artifact (kind 'metrics'): everything the evaluation step
 * computed, too big for a workflow payload, read back by the report and the
 * registry steps. Plain JSON.
 */
import type { EpochPoint } from './diagnose-training';
import type { RunDiagnosis } from './diagnose-run';
import type { RunEvaluation } from './evaluate-run';

/** One candidate trial as evaluated: its model checkpoint and validation score. */
export interface EvaluatedCandidate {
  trialId: string;
  valScore: number;
  params: Record<string, unknown>;
  model: { uri: string; sha256: string; bytes: number; kind: 'model' };
}

export interface EvaluationArtifact {
  schemaVersion: 1;
  /** The ensemble probabilities are in the predictions artifact, not here. */
  evaluation: Omit<RunEvaluation, 'ensembleProbabilities'>;
  candidates: EvaluatedCandidate[];
  /** Per-epoch histories of the candidates (from their checkpoints), best first. */
  learningCurves: { trialId: string; history: EpochPoint[] }[];
  diagnosis: RunDiagnosis;
  /** Examples per label in each split. */
  classCounts: { train: Record<string, number>; val: Record<string, number>; test: Record<string, number> };
}
