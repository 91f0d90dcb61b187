/**
 * The machine-readable summary of a run (`summary.json`), built from the
 * pipeline's step outputs and the evaluation artifact. Plain data: the HTML
 * report renders from it alone. Schema version 2 (version 1 had only the
 * headline test metrics).
 */
import type { EvaluationArtifact } from '../evaluation/evaluation-artifact';
import { parameterImportance, type ParamImportance } from './param-importance';
import { summarizeFamilies, type FamilySummary } from './family-summary';

/** Curation funnel counts of one stage. */
export interface FunnelStage {
  stage: string;
  in: number;
  kept: number;
  dropped: Record<string, number>;
}

/** One sweep trial as the report shows it. */
export interface SummaryTrial {
  trialId: string;
  index: number;
  status: string;
  score?: number;
  params: Record<string, unknown>;
  error?: string;
  epochs?: number;
  resumedFromEpoch?: number;
  /** Cross-validated trials: each fold's objective (`score` is their mean). */
  foldScores?: number[];
  /** The objective after each epoch (the sweep's learning curve of this trial; pruned trials stop early). */
  intermediate?: number[];
  /** The trial's model family (configs/family-spaces.ts); absent in summaries written before families. */
  family?: string;
  /** Training wall time (seconds, the sum over its epochs). */
  seconds?: number;
}

/** The subset of the curation exploration artifact the report shows. */
export interface ExplorationSummary {
  rows: number;
  tokens: { value: string; count: number }[];
  ngrams: { n: number; entries: { value: string; count: number }[] }[];
  lengths?: { tokens: { lo: number; hi: number; count: number }[] };
  wordCloudSvg?: string;
  topics: { k: number; topics: { term: string; weight: number }[][] };
}

/** Where the registered model lives and what it is. */
export interface RegistrySummary {
  key: string;
  uri: string;
  latestKey: string;
  chosen: 'ensemble' | 'single';
  method: string;
  members: { trialId: string; weight: number; model: string }[];
  codeVersion: string;
}

export interface RunSummaryInput {
  runId: string;
  experiment: string;
  seed: number;
  objective: string;
  labels: string[];
  funnel: FunnelStage[];
  quarantinedRows: number;
  trials: SummaryTrial[];
  evaluation: EvaluationArtifact;
  exploration?: ExplorationSummary;
  registry?: RegistrySummary;
  artifacts: Record<string, string>;
}

export interface RunSummary extends RunSummaryInput {
  schemaVersion: 2;
  /** Same shape as summary v1 (readers compare it whole); pruned trials are counted in `prunedTrials`. */
  trialCounts: { total: number; completed: number; failed: number };
  prunedTrials: number;
  parameterImportance: ParamImportance[];
  /** Completed trials in launch order with the best score so far after each. */
  bestSoFar: { index: number; trialId: string; score: number; best: number }[];
  /** Best score and training time per model family (one row for a single-family run). */
  families: FamilySummary[];
}

function bestSoFar(trials: readonly SummaryTrial[]): RunSummary['bestSoFar'] {
  let best = -Infinity;
  return trials
    .filter((t) => t.status === 'completed' && typeof t.score === 'number')
    .sort((a, b) => a.index - b.index)
    .map((t) => {
      best = Math.max(best, t.score!);
      return { index: t.index, trialId: t.trialId, score: t.score!, best };
    });
}

/** Adds derived fields; pure and deterministic (no clock), so retries write identical bytes. */
export function buildRunSummary(input: RunSummaryInput): RunSummary {
  const count = (s: string) => input.trials.filter((t) => t.status === s).length;
  const completed = input.trials.filter((t) => t.status === 'completed');
  return {
    schemaVersion: 2,
    ...input,
    trialCounts: { total: input.trials.length, completed: count('completed'), failed: count('failed') },
    prunedTrials: count('pruned'),
    parameterImportance: parameterImportance(completed),
    bestSoFar: bestSoFar(input.trials),
    families: summarizeFamilies(input.trials, input.trials.find((t) => t.family)?.family ?? 'text-classifier'),
  };
}
