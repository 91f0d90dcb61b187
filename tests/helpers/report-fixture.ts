/**
 * A realistic RunSummary built through the real lib/report code from seeded
 * synthetic predictions (no training): 4 candidate trials whose probabilities
 * are the truth plus member-specific noise, so the ensemble and the best
 * single model differ. Used by the renderer unit test and the browser test.
 */
import type { Example } from '../../lib/core/example';
import { createRng } from '../../lib/core/rng';
import type { MemberPredictions } from '../../lib/ensemble/ensemble-metric';
import { diagnoseRun } from '../../lib/evaluation/diagnose-run';
import { evaluateRun } from '../../lib/evaluation/evaluate-run';
import { buildRunSummary, type RunSummary } from '../../lib/report/run-summary';

export const FIXTURE_LABELS = ['negative', 'positive', '<mixed>'];

function noisyPredictions(y: number[], k: number, noise: number, seed: number): number[][] {
  const rng = createRng(seed);
  return y.map((t) => {
    const logits = Array.from({ length: k }, (_, c) => (c === t ? 1.2 : 0) + noise * (rng.next() * 4 - 2));
    const m = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
}

function split(name: string, n: number, seed: number): Example[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `${name}-${i}`,
    text: `text ${name} ${i} ${rng.int(1000)}`,
    label: FIXTURE_LABELS[i % 3],
  }));
}

/** Builds the fixture summary; `overrides` patch top-level fields (e.g. runId). */
export function reportFixture(overrides: Partial<Pick<RunSummary, 'runId' | 'experiment'>> = {}): RunSummary {
  const [train, val, test] = [split('train', 300, 1), split('val', 90, 2), split('test', 120, 3)];
  const yOf = (rows: Example[]) => rows.map((e) => FIXTURE_LABELS.indexOf(e.label));
  const ids = ['trial-0002', 'trial-0000', 'trial-0003', 'trial-0001'];
  const members = (rows: Example[], salt: number): MemberPredictions[] =>
    ids.map((id, m) => ({ id, probabilities: noisyPredictions(yOf(rows), 3, 0.5 + 0.1 * m, 100 * m + salt) }));
  const result = evaluateRun({
    labels: FIXTURE_LABELS,
    val: { yTrue: yOf(val), candidates: members(val, 1) },
    test: { yTrue: yOf(test), candidates: members(test, 2) },
    ensemble: { method: 'greedy', rounds: 10, metric: 'negLogLoss', seed: 1 },
    headlineMetric: 'macroF1',
    bootstrap: { resamples: 200, confidence: 0.95 },
    calibrationBins: 10,
    seed: 7,
  });
  const { ensembleProbabilities, ...evaluation } = result;
  const history = (rate: number) =>
    Array.from({ length: 6 }, (_, i) => ({
      epoch: i + 1,
      trainLoss: 1.1 * Math.exp(-rate * i),
      valLoss: 1.1 * Math.exp(-rate * Math.min(i, 2)) + 0.12 * Math.max(0, i - 2),
      valAccuracy: 0.5 + 0.05 * i,
      valMacroF1: 0.48 + 0.05 * i,
    }));
  const learningCurves = ids.map((trialId, m) => ({ trialId, history: history(0.5 + 0.1 * m) }));
  const diagnosis = diagnoseRun({
    labels: FIXTURE_LABELS,
    trials: learningCurves,
    splits: { train, val, test },
    conflictingLabelDuplicates: 0,
    totalRows: 520,
    testProbabilities: ensembleProbabilities,
  });
  const count = (rows: Example[]) =>
    Object.fromEntries(FIXTURE_LABELS.map((l) => [l, rows.filter((r) => r.label === l).length]));
  const params = (m: number) => ({ learningRate: 0.002 * (m + 1), embeddingDim: m % 2 ? 32 : 16, dropout: 0.1 * m });
  return buildRunSummary({
    runId: overrides.runId ?? 'fixture-run-<1>',
    experiment: overrides.experiment ?? 'fixture-exp',
    seed: 7,
    objective: 'val_macro_f1',
    labels: FIXTURE_LABELS,
    funnel: [
      { stage: 'validate', in: 520, kept: 515, dropped: { 'empty-text': 5 } },
      { stage: 'dedup', in: 515, kept: 510, dropped: { duplicate: 5 } },
      { stage: 'split', in: 510, kept: 510, dropped: {} },
      // Train split only from here (300 of the 510 rows; val and test are 90 and 120).
      { stage: 'near-dedup-across-splits', in: 300, kept: 297, dropped: { 'near-duplicate-of-val-or-test': 3 } },
      { stage: 'augment', in: 297, kept: 450, dropped: {} },
    ],
    quarantinedRows: 5,
    trials: [
      ...ids.map((trialId, m) => ({
        trialId,
        index: Number(trialId.slice(-1)),
        status: 'completed',
        score: 0.8 - 0.03 * m,
        params: params(m),
        epochs: 6,
      })),
      { trialId: 'trial-0004', index: 4, status: 'failed', params: params(4), error: 'diverged <nan>' },
    ],
    evaluation: {
      schemaVersion: 1,
      evaluation,
      candidates: ids.map((trialId, m) => ({
        trialId,
        valScore: 0.8 - 0.03 * m,
        params: params(m),
        model: { uri: `mem://t/${trialId}.ckpt`, sha256: 'a'.repeat(64), bytes: 10, kind: 'model' },
      })),
      learningCurves,
      diagnosis,
      classCounts: { train: count(train), val: count(val), test: count(test) },
    },
    exploration: {
      rows: 300,
      tokens: [
        { value: 'great', count: 40 },
        { value: 'bad', count: 31 },
        { value: '<b>bold</b>', count: 9 },
      ],
      ngrams: [{ n: 2, entries: [{ value: 'very good', count: 12 }] }],
      lengths: {
        tokens: [
          { lo: 1, hi: 5, count: 100 },
          { lo: 5, hi: 9, count: 200 },
        ],
      },
      wordCloudSvg:
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40"><text x="10" y="20">great</text></svg>',
      topics: {
        k: 1,
        topics: [
          [
            { term: 'food', weight: 1 },
            { term: 'service', weight: 0.5 },
          ],
        ],
      },
    },
    registry: {
      key: 'registry/fixture-exp/fixture-run/entry.json',
      uri: 'mem://t/registry/fixture-exp/fixture-run/entry.json',
      latestKey: 'registry/fixture-exp/latest.json',
      chosen: result.selection.chosen,
      method: 'greedy',
      members: result.selection.spec.members.map((m) => ({
        trialId: m.id,
        weight: m.weight,
        model: `mem://t/${m.id}.ckpt`,
      })),
      codeVersion: 'finetune-flow@0.1.0',
    },
    artifacts: { report: 's3://b/p/runs/x/report/abc.html' },
  });
}

/** Hyperparameter names as long as real configs have them (the importance chart must label each). */
export const WIDE_PARAM_NAMES = [
  'learningRate',
  'embeddingDim',
  'dropout',
  'weightDecay',
  'encoder.kind',
  'encoder.transformer.attentionHeads',
  'encoder.transformer.feedForwardDim',
  'optimizer.warmupFraction',
  'labelSmoothing',
  'batchSize',
  'maxSequenceLength',
  'classWeighting',
];

/**
 * The fixture with a large sweep, as users run them: `trials` trials (default
 * 240) over {@link WIDE_PARAM_NAMES}, every one with a per-epoch objective
 * curve (`intermediate`), every tenth pruned early, one failed with a long
 * unbroken error message. For the report's layout at scale: every importance
 * bar labelled, the trials table inside the page, one learning curve per trial.
 */
export function wideReportFixture(trials = 240): RunSummary {
  const base = reportFixture({ runId: 'wide-run' });
  const rng = createRng(11);
  const rows = Array.from({ length: trials }, (_, index) => {
    const params: Record<string, unknown> = {
      learningRate: 10 ** (-4 + 2 * rng.next()),
      embeddingDim: [16, 32, 64, 128][rng.int(4)],
      dropout: 0.5 * rng.next(),
      weightDecay: 10 ** (-6 + 3 * rng.next()),
      'encoder.kind': ['average', 'cnn', 'bigru', 'transformer'][rng.int(4)],
      'encoder.transformer.attentionHeads': [1, 2, 4, 8][rng.int(4)],
      'encoder.transformer.feedForwardDim': [64, 128, 256, 512][rng.int(4)],
      'optimizer.warmupFraction': 0.2 * rng.next(),
      labelSmoothing: 0.2 * rng.next(),
      batchSize: [16, 32, 64][rng.int(3)],
      maxSequenceLength: [64, 128, 256, 512][rng.int(4)],
      classWeighting: ['none', 'balanced', 'sqrt-inverse-frequency'][rng.int(3)],
    };
    const pruned = index % 10 === 9;
    const failed = index === 5;
    const ceiling = 0.55 + 0.3 * rng.next();
    const epochs = pruned ? 3 : 12;
    const intermediate = Array.from({ length: epochs }, (_, e) => ceiling * (1 - Math.exp(-0.45 * (e + 1))));
    return {
      trialId: `trial-${String(index).padStart(4, '0')}`,
      index,
      status: failed ? 'failed' : pruned ? 'pruned' : 'completed',
      params,
      ...(failed
        ? { error: `DivergedError:${'loss-was-NaN-after-step-'.repeat(8)}0 (lower the learning rate)` }
        : { score: intermediate[epochs - 1], intermediate, epochs }),
    };
  });
  const {
    schemaVersion: _v,
    trialCounts: _c,
    prunedTrials: _p,
    parameterImportance: _i,
    bestSoFar: _b,
    ...input
  } = base;
  return buildRunSummary({ ...input, trials: rows });
}
