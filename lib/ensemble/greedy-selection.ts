/**
 * Greedy ensemble selection with replacement (Caruana, Niculescu-Mizil, Crew &
 * Ksikes, "Ensemble Selection from Libraries of Models", ICML 2004), over the
 * validation predictions of the sweep's trials.
 *
 * 1. Sorted initialisation: start with the `initTopN` best single members.
 * 2. Each round, add (WITH replacement, so a member can gain weight) the
 *    member whose addition maximises the validation metric of the averaged
 *    probabilities; ties go to the member listed first. With
 *    `stopWhenNoImprovement`, stop as soon as no addition strictly improves.
 * 3. Return the best prefix of that sequence (earliest on ties), as the paper
 *    does: forced additions after the peak are discarded.
 * Optional bagging (section 4.2 of the paper): run the procedure on `bags`
 * random subsets of `fraction` of the members and sum the selected counts,
 * which reduces overfitting of the selection to the validation set.
 *
 * Weights are counts / total count. Deterministic for (members, yTrue, options);
 * pure. The score returned is on the same validation data the selection saw, so
 * it is optimistic: judge the ensemble on the untouched test split.
 */
import { z } from 'zod';
import { DataError } from '../core/errors';
import { createRng, shuffled } from '../core/rng';
import { runSteps, type Steps } from '../core/progress';
import {
  checkMembers,
  EnsembleMetricSchema,
  ensembleScorer,
  weightedAverageProbabilities,
  type MemberPredictions,
  type ProbabilityScorer,
} from './ensemble-metric';

/** Options (each plugin owns its zod schema). */
export const GreedySelectionOptionsSchema = z.strictObject({
  metric: EnsembleMetricSchema.default('negLogLoss'),
  /** Additions after the initialisation. */
  rounds: z.number().int().min(0).max(1000).default(25),
  initTopN: z.number().int().min(1).max(100).default(1),
  stopWhenNoImprovement: z.boolean().default(false),
  bagging: z
    .strictObject({
      bags: z.number().int().min(1).max(1000).default(20),
      fraction: z.number().gt(0).max(1).default(0.5),
    })
    .optional(),
  seed: z.number().int().default(0),
});
export type GreedySelectionOptions = z.input<typeof GreedySelectionOptionsSchema>;

/** One selected member. */
export interface SelectedMember {
  id: string;
  count: number;
  weight: number;
}

/** One step of the selection (an initial member or an addition). */
export interface SelectionStep {
  bag: number;
  step: number;
  addedId: string;
  /** Validation score of the ensemble after this step. */
  score: number;
}

/** Result of {@link greedyEnsembleSelection}. */
export interface GreedySelectionResult {
  /** Members with count > 0, by weight descending then id. */
  members: SelectedMember[];
  /** Sum of counts (the ensemble size, with repetitions). */
  size: number;
  /** Validation score of the returned ensemble (optimistic: selection saw this data). */
  validationScore: number;
  bestSingle: { id: string; validationScore: number };
  /** Every step of every bag, in order. */
  trajectory: SelectionStep[];
  metric: z.infer<typeof GreedySelectionOptionsSchema>['metric'];
}

interface RunResult {
  counts: number[];
  steps: SelectionStep[];
}

function* runGreedy(
  y: readonly number[],
  probs: number[][][],
  candidates: number[],
  singles: number[],
  score: ProbabilityScorer,
  o: z.infer<typeof GreedySelectionOptionsSchema>,
  bag: number,
  bags: number,
): Steps<RunResult> {
  const n = probs[0].length;
  const k = probs[0][0].length;
  const sum = Array.from({ length: n }, () => new Array<number>(k).fill(0));
  const added: number[] = [];
  const steps: SelectionStep[] = [];
  const add = (m: number, s: number): void => {
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sum[i][j] += probs[m][i][j];
    added.push(m);
    steps.push({ bag, step: steps.length, addedId: String(m), score: s });
  };
  const scoreWith = (m: number): number =>
    score(
      y,
      sum.map((row, i) => row.map((v, j) => (v + probs[m][i][j]) / (added.length + 1))),
    );
  const ranked = candidates.slice().sort((a, b) => singles[b] - singles[a] || a - b);
  for (const m of ranked.slice(0, o.initTopN)) add(m, scoreWith(m));
  for (let r = 0; r < o.rounds; r++) {
    let best = -1;
    let bestScore = -Infinity;
    for (const m of candidates) {
      const s = scoreWith(m);
      if (s > bestScore) [best, bestScore] = [m, s];
    }
    if (best < 0 || (o.stopWhenNoImprovement && bestScore <= steps[steps.length - 1].score)) break;
    add(best, bestScore);
    yield { stage: 'ensemble-selection', done: bag * o.rounds + r + 1, total: bags * o.rounds };
  }
  let peak = 0;
  steps.forEach((st, i) => {
    if (st.score > steps[peak].score) peak = i;
  });
  const counts = new Array<number>(probs.length).fill(0);
  for (const m of added.slice(0, peak + 1)) counts[m]++;
  return { counts, steps };
}

/**
 * Caruana-style greedy selection over `members` (validation probabilities)
 * against validation labels `yTrue`.
 * @throws DataError on mismatched members/labels; ZodError on bad options.
 */
export function greedyEnsembleSelection(
  members: readonly MemberPredictions[],
  yTrue: readonly number[],
  options: GreedySelectionOptions = {},
): GreedySelectionResult {
  return runSteps(greedyEnsembleSelectionSteps(members, yTrue, options));
}

/** {@link greedyEnsembleSelection}, yielding progress after each round (stage `ensemble-selection`). */
export function* greedyEnsembleSelectionSteps(
  members: readonly MemberPredictions[],
  yTrue: readonly number[],
  options: GreedySelectionOptions = {},
): Steps<GreedySelectionResult> {
  const o = GreedySelectionOptionsSchema.parse(options);
  checkMembers(members, yTrue);
  const score = ensembleScorer(o.metric);
  const probs = members.map((m) => m.probabilities);
  const singles = probs.map((p) => score(yTrue, p));
  const all = probs.map((_, i) => i);
  const bestIdx = all.slice().sort((a, b) => singles[b] - singles[a] || a - b)[0];
  const total = new Array<number>(members.length).fill(0);
  const trajectory: SelectionStep[] = [];
  const bags = o.bagging ? o.bagging.bags : 1;
  const rng = createRng(o.seed);
  for (let bag = 0; bag < bags; bag++) {
    const pool = o.bagging
      ? shuffled(all, rng.fork(bag))
          .slice(0, Math.max(1, Math.round(o.bagging.fraction * all.length)))
          .sort((a, b) => a - b)
      : all;
    const run = yield* runGreedy(yTrue, probs, pool, singles, score, o, bag, bags);
    run.counts.forEach((c, i) => (total[i] += c));
    trajectory.push(...run.steps.map((st) => ({ ...st, addedId: members[Number(st.addedId)].id })));
  }
  const size = total.reduce((a, b) => a + b, 0);
  const selected = total
    .map((count, i) => ({ id: members[i].id, count, weight: count / size }))
    .filter((m) => m.count > 0)
    .sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id));
  return {
    members: selected,
    size,
    validationScore: score(yTrue, weightedAverageProbabilities(probs, total)),
    bestSingle: { id: members[bestIdx].id, validationScore: singles[bestIdx] },
    trajectory,
    metric: o.metric,
  };
}

/** Probabilities of a selected ensemble on any split, given each member's predictions there. */
export function predictEnsemble(
  selected: readonly SelectedMember[],
  members: readonly MemberPredictions[],
): number[][] {
  const byId = new Map(members.map((m) => [m.id, m.probabilities]));
  const probs = selected.map((s) => {
    const p = byId.get(s.id);
    if (!p)
      throw new DataError(`no predictions for selected member "${s.id}"; pass every selected member's predictions`);
    return p;
  });
  return weightedAverageProbabilities(
    probs,
    selected.map((s) => s.weight),
  );
}
