/**
 * The machine-readable summary of a run (`summary.json`), built from the
 * pipeline's step outputs. Plain data: the HTML report renders from it.
 */
export interface RunSummaryInput {
  runId: string;
  experiment: string;
  seed: number;
  labels: string[];
  funnel: { stage: string; in: number; kept: number; dropped: Record<string, number> }[];
  quarantinedRows: number;
  trials: { trialId: string; status: string; score?: number; params: Record<string, unknown>; error?: string; epochs?: number; resumedFromEpoch?: number }[];
  test: {
    best: { id: string; accuracy: number; macroF1: number; logLoss: number; confusion: number[][] };
    ensemble: { id: string; members: string[]; accuracy: number; macroF1: number; logLoss: number; confusion: number[][] };
    singles: { id: string; accuracy: number; macroF1: number; logLoss: number }[];
  };
  artifacts: Record<string, string>;
}

export interface RunSummary extends RunSummaryInput {
  schemaVersion: 1;
  trialCounts: { total: number; completed: number; failed: number };
}

/** Adds derived counts; pure and deterministic (no clock), so retries write identical bytes. */
export function buildRunSummary(input: RunSummaryInput): RunSummary {
  const completed = input.trials.filter((t) => t.status === 'completed').length;
  return { schemaVersion: 1, ...input, trialCounts: { total: input.trials.length, completed, failed: input.trials.length - completed } };
}
