import { Context } from '@temporalio/activity';
import { z } from 'zod';
import type { EvaluateCandidate, EvaluateInput, EvaluateOutput, IntervalSummary, ModelEvaluation } from './contracts';
import type { ActivityDeps } from './deps';
import { examplesFromJsonl, type Example } from '../lib/core/example';
import type { ArtifactRef } from '../lib/core/artifact-ref';
import { DataError } from '../lib/core/errors';
import { putJsonArtifact, readArtifact, readJsonArtifact } from '../lib/artifacts/content-addressed';
import { loadTrainedModel } from '../lib/models/load-trained-model';
import { decodeTransformerCheckpoint, isTransformerCheckpoint } from '../lib/models/pretrained/transformer-checkpoint';
import { readBaseModelFiles } from '../lib/models/pretrained/base-model-registry';
import type { ArtifactStore } from '../lib/artifacts/artifact-store';
import { decodeTfidfLinearCheckpoint, isTfidfLinearBytes } from '../lib/models/sparse-linear/tfidf-linear-codec';
import { decodeClassifierCheckpoint } from '../lib/models/classifier/classifier-checkpoint';
import type { MemberPredictions } from '../lib/ensemble/ensemble-metric';
import type { ConfidenceInterval } from '../lib/metrics/bootstrap';
import type { EpochPoint } from '../lib/evaluation/diagnose-training';
import { evaluateRunAsync } from '../lib/evaluation/evaluate-run';
import type { ProgressDetail } from '../lib/core/progress';
import { diagnoseRun } from '../lib/evaluation/diagnose-run';
import { headline, type ModelMetrics } from '../lib/evaluation/model-metrics';
import type { EvaluationArtifact } from '../lib/evaluation/evaluation-artifact';
import { mapFailures } from './failures';

const ValPredictionsSchema = z.object({ ids: z.array(z.string()), probabilities: z.array(z.array(z.number())) });
const EpochPointSchema = z.object({
  epoch: z.number(),
  trainLoss: z.number(),
  valLoss: z.number(),
  valAccuracy: z.number(),
  valMacroF1: z.number(),
});

async function readExamples(deps: ActivityDeps, ref: ArtifactRef): Promise<Example[]> {
  return examplesFromJsonl(await readArtifact(deps.store, ref));
}

function labelIndices(rows: readonly Example[], labels: readonly string[], split: string): number[] {
  return rows.map((e, i) => {
    const y = labels.indexOf(e.label);
    if (y < 0)
      throw new DataError(`${split} row ${i} (id ${e.id}) has label "${e.label}", not one of ${labels.join(', ')}`);
    return y;
  });
}

/** A candidate's validation predictions, checked to be in the val split's order. */
async function valPredictions(
  deps: ActivityDeps,
  c: EvaluateCandidate,
  val: readonly Example[],
): Promise<MemberPredictions> {
  const p = await readJsonArtifact(deps.store, c.valPredictions, ValPredictionsSchema);
  if (p.ids.length !== val.length || p.ids.some((id, i) => id !== val[i].id)) {
    throw new DataError(
      `validation predictions of ${c.trialId} (${c.valPredictions.uri}) are not for this run's val split; re-run the trial`,
    );
  }
  return { id: c.trialId, probabilities: p.probabilities };
}

/** A loaded candidate model: its predictions and the per-epoch history from its checkpoint header. */
export interface LoadedCandidate {
  history: EpochPoint[];
  predict(texts: string[]): Promise<number[][]>;
  close(): void;
}

/** Loads a trial's model of any family (the default {@link EvaluationOptions.loadCandidate}). */
export async function loadCandidateModel(bytes: Uint8Array, store?: ArtifactStore): Promise<LoadedCandidate> {
  const saved = isTfidfLinearBytes(bytes)
    ? decodeTfidfLinearCheckpoint(bytes).history
    : isTransformerCheckpoint(bytes)
      ? decodeTransformerCheckpoint(bytes).header.history
      : decodeClassifierCheckpoint(bytes).header.history;
  const history = saved.flatMap((h) => {
    const parsed = EpochPointSchema.safeParse(h);
    return parsed.success ? [parsed.data] : [];
  });
  const model = await loadTrainedModel(bytes, store ? { readBaseFiles: (ref) => readBaseModelFiles(store, ref) } : {});
  return { history, predict: (texts) => model.predict(texts), close: () => model.close() };
}

/** Tuning of the evaluation activity (tests shorten the intervals and fake the models). */
export interface EvaluationOptions {
  /** Heartbeats are sent at most this often (default 2000 ms). */
  heartbeatEveryMs?: number;
  /** Test rows per predict call and items per computation chunk (default 256 / 64). */
  predictBatch?: number;
  yieldEvery?: number;
  loadCandidate?: (bytes: Uint8Array) => Promise<LoadedCandidate>;
}

/** Heartbeat details of the evaluation activity. */
export type EvaluationHeartbeat = ProgressDetail;

/**
 * Heartbeats progress at most every `everyMs` and throws the cancellation
 * reason once the activity is cancelled; called between chunks of work.
 */
function progressReporter(ctx: Context, everyMs: number): (d: ProgressDetail) => void {
  let last = -Infinity;
  return (d) => {
    if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? new Error('evaluation cancelled');
    const now = Date.now();
    if (now - last >= everyMs || d.done === d.total) {
      last = now;
      ctx.heartbeat({ stage: d.stage, done: d.done, total: d.total } satisfies EvaluationHeartbeat);
    }
  };
}

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Test probabilities and history of one candidate, predicted in batches with progress between them. */
async function testPredictions(
  deps: ActivityDeps,
  c: EvaluateCandidate,
  texts: string[],
  o: Required<Pick<EvaluationOptions, 'predictBatch' | 'loadCandidate'>>,
  report: (d: ProgressDetail) => void,
): Promise<{ member: MemberPredictions; history: EpochPoint[] }> {
  const model = await o.loadCandidate(await readArtifact(deps.store, c.model));
  try {
    const probabilities: number[][] = [];
    for (let i = 0; i < texts.length; i += o.predictBatch) {
      probabilities.push(...(await model.predict(texts.slice(i, i + o.predictBatch))));
      report({ stage: `predict:${c.trialId}`, done: Math.min(i + o.predictBatch, texts.length), total: texts.length });
      await macrotask();
    }
    return { member: { id: c.trialId, probabilities }, history: model.history };
  } finally {
    model.close();
  }
}

const countBy = (rows: readonly Example[]): Record<string, number> =>
  rows.reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.label]: (acc[e.label] ?? 0) + 1 }), {});
const interval = (c: ConfidenceInterval): IntervalSummary => ({
  estimate: c.estimate,
  lower: c.lower,
  upper: c.upper,
  confidence: c.confidence,
});
const small = (m: ModelMetrics): ModelEvaluation => {
  const h = headline(m);
  return { ...h, macroAuc: Number.isFinite(h.macroAuc) ? h.macroAuc : null };
};

/**
 * Evaluates the candidate trials: ensemble selection on their validation
 * predictions, test metrics with bootstrap CIs of the best single model and
 * the ensemble, and the diagnosis (lib/report evaluateRun + diagnoseRun).
 * Writes the full result as an artifact; returns refs and headline numbers.
 */
async function evaluateModels(
  deps: ActivityDeps,
  options: EvaluationOptions,
  input: EvaluateInput,
): Promise<EvaluateOutput> {
  const ctx = Context.current();
  const report = progressReporter(ctx, options.heartbeatEveryMs ?? 2000);
  const o = {
    predictBatch: options.predictBatch ?? 256,
    loadCandidate: options.loadCandidate ?? ((bytes: Uint8Array) => loadCandidateModel(bytes, deps.store)),
  };
  if (input.candidates.length === 0) throw new DataError('no completed trial has validation predictions to evaluate');
  const [train, val, test] = await Promise.all([
    readExamples(deps, input.splits.train),
    readExamples(deps, input.splits.val),
    readExamples(deps, input.splits.test),
  ]);
  const valMembers = await Promise.all(input.candidates.map((c) => valPredictions(deps, c, val)));
  const tested: Awaited<ReturnType<typeof testPredictions>>[] = [];
  const texts = test.map((e) => e.text);
  for (const c of input.candidates) tested.push(await testPredictions(deps, c, texts, o, report));
  const result = await evaluateRunAsync(
    {
      labels: input.labels,
      val: { yTrue: labelIndices(val, input.labels, 'val'), candidates: valMembers },
      test: { yTrue: labelIndices(test, input.labels, 'test'), candidates: tested.map((t) => t.member) },
      ensemble: {
        method: input.ensemble.method,
        rounds: input.ensemble.rounds,
        metric: input.ensemble.metric,
        seed: input.seed,
      },
      headlineMetric: input.objective === 'val_accuracy' ? 'accuracy' : 'macroF1',
      bootstrap: input.evaluation.bootstrap,
      calibrationBins: input.evaluation.calibrationBins,
      seed: input.seed,
    },
    { onProgress: report, yieldEvery: options.yieldEvery },
  );
  const { ensembleProbabilities, ...evaluation } = result;
  const chosenProbabilities =
    result.selection.chosen === 'ensemble' ? ensembleProbabilities : tested[0].member.probabilities;
  const learningCurves = input.candidates.map((c, i) => ({ trialId: c.trialId, history: tested[i].history }));
  const dropped = (reason: string) => input.funnel.reduce((a, f) => a + (f.dropped[reason] ?? 0), 0);
  const diagnosis = diagnoseRun({
    labels: input.labels,
    trials: learningCurves,
    splits: { train, val, test },
    conflictingLabelDuplicates: dropped('duplicate-conflicting-label'),
    totalRows: input.funnel[0]?.in ?? train.length + val.length + test.length,
    testProbabilities: chosenProbabilities,
  });
  const artifact: EvaluationArtifact = {
    schemaVersion: 1,
    evaluation,
    candidates: input.candidates.map((c) => ({
      trialId: c.trialId,
      valScore: c.valScore,
      params: c.params,
      model: { ...c.model, kind: 'model' },
    })),
    learningCurves,
    diagnosis,
    classCounts: { train: countBy(train), val: countBy(val), test: countBy(test) },
  };
  const evaluationRef = await putJsonArtifact(deps.store, {
    runPrefix: input.runPrefix,
    kind: 'metrics',
    value: artifact,
  });
  const predictions = await putJsonArtifact(deps.store, {
    runPrefix: input.runPrefix,
    kind: 'predictions',
    value: {
      ids: test.map((e) => e.id),
      labels: input.labels,
      spec: result.selection.spec,
      ensemble: ensembleProbabilities,
    },
  });
  const spec = result.selection.spec;
  return {
    singles: result.candidates.map((c) => ({ ...c, macroAuc: Number.isFinite(c.macroAuc) ? c.macroAuc : null })),
    ensemble: {
      ...small(result.ensemble),
      method: spec.method,
      members: spec.members.map((m) => m.id),
      weights: spec.members.map((m) => m.weight),
    },
    best: small(result.best),
    chosen: result.selection.chosen,
    intervals: {
      metric: result.intervals.metric,
      best: interval(result.intervals.best),
      ensemble: interval(result.intervals.ensemble),
      difference: interval(result.intervals.difference),
    },
    evaluation: evaluationRef,
    predictions,
  };
}

/** The evaluation activity; it loads tfjs models, so it runs on training task queues. */
export function createEvaluationActivities(deps: ActivityDeps, options: EvaluationOptions = {}) {
  return { evaluateModels: mapFailures((input: EvaluateInput) => evaluateModels(deps, options, input)) };
}
