import type { FineTunePipelineResult } from '../workflows/fine-tune-pipeline';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The final metrics block the CLI prints for a finished run. */
export function formatResult(r: FineTunePipelineResult): string {
  const { best, ensemble } = r.test;
  return [
    `Run ${r.runId}: ${r.trials.completed}/${r.trials.total} trials completed, ${r.trials.failed} failed`,
    `Best trial ${r.bestTrial.trialId} (val ${pct(r.bestTrial.valScore)}): ${JSON.stringify(r.bestTrial.params)}`,
    `Test  best single (${best.id}): accuracy ${pct(best.accuracy)}, macro-F1 ${pct(best.macroF1)}`,
    `Test  ensemble of ${ensemble.members.length} (${ensemble.members.join(', ')}): accuracy ${pct(ensemble.accuracy)}, macro-F1 ${pct(ensemble.macroF1)}`,
    `Report:  ${r.report.uri}`,
    `Summary: ${r.summary.uri}`,
  ].join('\n');
}
