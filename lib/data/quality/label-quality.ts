import type { Example } from '../../core/example';
import type { LabelQualityOptions } from '../curation-options';
import { kFoldAssignments } from '../split/k-fold';
import { fitNaiveBayes, predictNaiveBayes } from './naive-bayes';
import { makeStageReport, type StageReport } from '../stage-report';
import { buildVocabulary, countVectors, tokenize } from './tfidf';

/** One likely mislabeled example. */
export interface LabelIssue {
  id: string;
  givenLabel: string;
  suggestedLabel: string;
  /** Out-of-fold probability of the given label. */
  givenProbability: number;
  /** Out-of-fold probability of the suggested label. */
  suggestedProbability: number;
}

/** Result of {@link findLabelIssues}. */
export interface LabelQualityResult {
  /** Train rows, without the flagged ones when `remove` is set. */
  rows: Example[];
  /** Flagged rows, most suspicious (lowest given-label probability) first. */
  issues: LabelIssue[];
  /** Per-class confidence thresholds t_j (mean out-of-fold p(j) over rows labelled j). */
  thresholds: Record<string, number>;
  /** Set when the check could not run (too few rows per fold); nothing is flagged then. */
  skipped?: string;
  report: StageReport;
}

/**
 * Confident-learning style label check (Northcutt, Jiang & Chuang, 2021):
 * out-of-fold class probabilities from a k-fold multinomial naive Bayes on
 * word counts (stratified folds from the seed); per-class threshold t_j =
 * mean p(j | x) over the rows labelled j. A row labelled y is flagged when
 * p(y | x) < t_y while some other class j has p(j | x) >= t_j; the suggested
 * label is the most probable such j. A cheap model makes this a screening
 * tool: flags are candidates for review, not verdicts.
 *
 * Deterministic for (rows, options, seed). Skips (flags nothing) when a label
 * has fewer rows than `folds`. Report stage: 'label-quality' (drops
 * 'likely-mislabeled' only with `remove`).
 */
export function findLabelIssues(rows: Example[], opts: LabelQualityOptions, seed: number): LabelQualityResult {
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const smallest = Math.min(...labels.map((l) => rows.filter((r) => r.label === l).length));
  if (labels.length < 2 || smallest < opts.folds) {
    const skipped = `label-quality check skipped: needs >= 2 labels with >= ${opts.folds} rows each (smallest has ${smallest})`;
    return {
      rows,
      issues: [],
      thresholds: {},
      skipped,
      report: makeStageReport('label-quality', rows.length, rows.length),
    };
  }
  const probs = outOfFoldProbabilities(rows, labels, opts.folds, seed);
  const classOf = new Map(labels.map((l, i) => [l, i]));
  const thresholds = labels.map((_, j) =>
    mean(rows.flatMap((r, i) => (classOf.get(r.label) === j ? [probs[i][j]] : []))),
  );
  const issues: LabelIssue[] = [];
  rows.forEach((row, i) => {
    const y = classOf.get(row.label)!;
    if (probs[i][y] >= thresholds[y]) return;
    let best = -1;
    for (let j = 0; j < labels.length; j++)
      if (j !== y && probs[i][j] >= thresholds[j] && (best < 0 || probs[i][j] > probs[i][best])) best = j;
    if (best < 0) return;
    issues.push({
      id: row.id,
      givenLabel: row.label,
      suggestedLabel: labels[best],
      givenProbability: probs[i][y],
      suggestedProbability: probs[i][best],
    });
  });
  issues.sort((a, b) => a.givenProbability - b.givenProbability || (a.id < b.id ? -1 : 1));
  const flagged = new Set(issues.map((x) => x.id));
  const kept = opts.remove ? rows.filter((r) => !flagged.has(r.id)) : rows;
  const report = makeStageReport('label-quality', rows.length, kept.length, {
    'likely-mislabeled': rows.length - kept.length,
  });
  return { rows: kept, issues, thresholds: Object.fromEntries(labels.map((l, j) => [l, thresholds[j]])), report };
}

/** p(class | row) for every row from a model that never saw that row. */
export function outOfFoldProbabilities(rows: Example[], labels: string[], folds: number, seed: number): number[][] {
  const docs = rows.map((r) => tokenize(r.text));
  const vocab = buildVocabulary(docs, { minDf: 2 });
  const counts = countVectors(docs, vocab);
  const classOf = new Map(labels.map((l, i) => [l, i]));
  const fold = kFoldAssignments(rows, { k: folds, seed });
  const probs: number[][] = new Array(rows.length);
  for (let f = 0; f < folds; f++) {
    const train = rows.flatMap((r, i) => (fold.get(r.id) !== f ? [i] : []));
    const model = fitNaiveBayes(
      train.map((i) => counts[i]),
      train.map((i) => classOf.get(rows[i].label)!),
      labels.length,
      vocab.length,
    );
    rows.forEach((r, i) => {
      if (fold.get(r.id) === f) probs[i] = predictNaiveBayes(model, counts[i]);
    });
  }
  return probs;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
