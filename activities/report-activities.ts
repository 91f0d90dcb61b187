import type { ActivityDeps } from './deps';
import type { WriteReportInput, WriteReportOutput } from './contracts';
import { putArtifact, putJsonArtifact } from '../lib/artifacts/content-addressed';
import { buildRunSummary } from '../lib/report/run-summary';
import { renderRunReportHtml } from '../lib/report/render-html';
import { mapFailures } from './failures';

/** Writes summary.json and the HTML report for a finished run. */
export function createReportActivities(deps: ActivityDeps) {
  return {
    writeReport: mapFailures(async (input: WriteReportInput): Promise<WriteReportOutput> => {
      const { curation, augmentation, evaluation } = input;
      const summary = buildRunSummary({
        runId: input.runId,
        experiment: input.config.name,
        seed: input.config.seed,
        labels: curation.labels,
        funnel: [...curation.reports, augmentation.report],
        quarantinedRows: curation.quarantinedRows,
        trials: input.trials.map((t) => ({
          trialId: t.trialId,
          status: t.status,
          score: t.score,
          params: t.params,
          error: t.error,
          epochs: t.intermediate?.length,
          resumedFromEpoch: t.resumedFromEpoch,
        })),
        test: evaluation,
        artifacts: {
          train: augmentation.train.uri,
          val: curation.val.uri,
          test: curation.test.uri,
          ...(curation.quarantine ? { quarantine: curation.quarantine.uri } : {}),
          testPredictions: evaluation.predictions.uri,
        },
      });
      const summaryRef = await putJsonArtifact(deps.store, { runPrefix: input.runPrefix, kind: 'summary', value: summary });
      const report = await putArtifact(deps.store, {
        runPrefix: input.runPrefix,
        kind: 'report',
        body: new TextEncoder().encode(renderRunReportHtml(summary)),
        ext: 'html',
        contentType: 'text/html; charset=utf-8',
      });
      return { summary: summaryRef, report };
    }),
  };
}
