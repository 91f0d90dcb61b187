import { trialFamily } from '../configs/family-spaces';
import type { Params } from '../lib/search/space/search-space-schema';
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import type { WriteReportInput, WriteReportOutput } from './contracts';
import type { ArtifactRef } from '../lib/core/artifact-ref';
import { putArtifact, putJsonArtifact, readJsonArtifact } from '../lib/artifacts/content-addressed';
import {
  buildRunSummary,
  type ExplorationSummary,
  type RegistrySummary,
  type RunSummaryInput,
} from '../lib/report/run-summary';
import type { EvaluationArtifact } from '../lib/evaluation/evaluation-artifact';
import { renderRunReportHtml } from '../lib/report/render-html';
import { mapFailures } from './failures';

/** The curation output may carry an exploration artifact (curation-activities.ts CurationExtras). */
type WithExploration = { exploration?: ArtifactRef };

async function readExploration(
  deps: ActivityDeps,
  ref: ArtifactRef | undefined,
): Promise<ExplorationSummary | undefined> {
  if (!ref) return undefined;
  const x = await readJsonArtifact<ExplorationSummary>(deps.store, ref);
  return {
    rows: x.rows,
    tokens: x.tokens,
    ngrams: x.ngrams,
    lengths: x.lengths ? { tokens: x.lengths.tokens } : undefined,
    wordCloudSvg: x.wordCloudSvg,
    topics: x.topics,
  };
}

function registrySummary(input: WriteReportInput, evaluation: EvaluationArtifact): RegistrySummary | undefined {
  const r = input.registry;
  if (!r) return undefined;
  const sel = evaluation.evaluation.selection;
  const members = r.chosen === 'ensemble' ? sel.spec.members : [{ id: evaluation.evaluation.best.id, weight: 1 }];
  const model = (id: string) => evaluation.candidates.find((c) => c.trialId === id)?.model.uri ?? '–';
  return {
    key: r.entryKey,
    uri: r.entry.uri,
    latestKey: r.latestKey,
    chosen: r.chosen,
    method: r.chosen === 'ensemble' ? sel.spec.method : 'single',
    members: members.map((m) => ({ trialId: m.id, weight: m.weight, model: model(m.id) })),
    codeVersion: r.codeVersion,
  };
}

/** The trial's family, or undefined when its params are not a point of this config's space (a corrupt record). */
function trialFamilyName(config: WriteReportInput['config'], params: Params): string | undefined {
  try {
    return trialFamily(config, params).family;
  } catch {
    return undefined;
  }
}

async function summaryInput(deps: ActivityDeps, input: WriteReportInput): Promise<RunSummaryInput> {
  const { curation, augmentation } = input;
  const evaluation = await readJsonArtifact<EvaluationArtifact>(deps.store, input.evaluation.evaluation);
  return {
    runId: input.runId,
    experiment: input.config.name,
    seed: input.config.seed,
    objective: input.config.search.objective,
    labels: curation.labels,
    funnel: [...curation.reports, augmentation.report],
    quarantinedRows: curation.quarantinedRows,
    trials: input.trials.map((t) => ({
      trialId: t.trialId,
      index: t.index,
      status: t.status,
      score: t.score,
      params: t.params,
      error: t.error,
      epochs: t.intermediate?.length,
      resumedFromEpoch: t.resumedFromEpoch,
      foldScores: t.foldScores,
      intermediate: t.intermediate,
      family: trialFamilyName(input.config, t.params),
      seconds: t.seconds,
    })),
    evaluation,
    exploration: await readExploration(deps, (curation as WithExploration).exploration),
    registry: registrySummary(input, evaluation),
    artifacts: {
      train: augmentation.train.uri,
      val: curation.val.uri,
      test: curation.test.uri,
      ...(curation.quarantine ? { quarantine: curation.quarantine.uri } : {}),
      evaluation: input.evaluation.evaluation.uri,
      testPredictions: input.evaluation.predictions.uri,
      ...(input.registry ? { registryEntry: input.registry.entry.uri } : {}),
    },
  };
}

/** Writes summary.json and the HTML report (charts rendered server-side) for a finished run. */
export function createReportActivities(deps: ActivityDeps) {
  return {
    writeReport: mapFailures(async (input: WriteReportInput): Promise<WriteReportOutput> => {
      // Heartbeat between the stages (the activity's heartbeat timeout covers each, not the whole report).
      const ctx = Context.current();
      const stage = (name: string, done: number) => {
        ctx.cancellationSignal.throwIfAborted();
        ctx.heartbeat({ stage: name, done, total: 3 });
      };
      stage('summary', 0);
      const summary = buildRunSummary(await summaryInput(deps, input));
      stage('render', 1);
      const summaryRef = await putJsonArtifact(deps.store, {
        runPrefix: input.runPrefix,
        kind: 'summary',
        value: summary,
      });
      const report = await putArtifact(deps.store, {
        runPrefix: input.runPrefix,
        kind: 'report',
        body: new TextEncoder().encode(renderRunReportHtml(summary)),
        ext: 'html',
        contentType: 'text/html; charset=utf-8',
      });
      stage('written', 3);
      return { summary: summaryRef, report };
    }),
  };
}
