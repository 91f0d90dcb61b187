/** One model family's share of a sweep, as the report's "Families" table shows it. */
export interface FamilySummary {
  family: string;
  trials: number;
  completed: number;
  /** Best validation objective of its completed trials (absent: none completed). */
  best?: number;
  bestTrialId?: string;
  /** Training seconds of its trials (the sum of their epochs' wall times). */
  seconds: number;
  /** `seconds` per trial that recorded a time. */
  secondsPerTrial?: number;
}

/** What the summary reads of a trial (run-summary.ts's SummaryTrial has these fields). */
export interface FamilyTrial {
  trialId: string;
  index: number;
  status: string;
  score?: number;
  family?: string;
  seconds?: number;
}

/**
 * Best score and time per family, in the order families first appear by
 * trial index; trials without a family count under `fallback` (the run's
 * only family). Pure.
 */
export function summarizeFamilies(trials: readonly FamilyTrial[], fallback: string): FamilySummary[] {
  const out = new Map<string, FamilySummary & { timed: number }>();
  for (const t of [...trials].sort((a, b) => a.index - b.index)) {
    const family = t.family ?? fallback;
    const f = out.get(family) ?? { family, trials: 0, completed: 0, seconds: 0, timed: 0 };
    out.set(family, f);
    f.trials++;
    if (t.seconds !== undefined) {
      f.seconds += t.seconds;
      f.timed++;
    }
    if (t.status !== 'completed' || typeof t.score !== 'number') continue;
    f.completed++;
    if (f.best === undefined || t.score > f.best) {
      f.best = t.score;
      f.bestTrialId = t.trialId;
    }
  }
  return [...out.values()].map(({ timed, ...f }) => ({
    ...f,
    seconds: Number(f.seconds.toFixed(1)),
    ...(timed ? { secondsPerTrial: Number((f.seconds / timed).toFixed(2)) } : {}),
  }));
}
