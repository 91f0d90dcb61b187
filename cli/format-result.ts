import type { FineTunePipelineResult } from '../workflows/fine-tune-pipeline';
import type { IntervalSummary } from '../activities/contracts';
import { printable } from '../lib/core/printable';

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const ci = (c: IntervalSummary) => `[${pct(c.lower)}, ${pct(c.upper)}]`;
const pts = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;

/**
 * The final metrics block the CLI prints for a finished run (95% CIs from the test-set bootstrap).
 * Ids, params and URIs can carry data, so each line goes through {@link printable}.
 */
export function formatResult(r: FineTunePipelineResult): string {
  const { best, ensemble, intervals: iv } = r.test;
  const weights = ensemble.members.map((m, i) => `${m} ${(ensemble.weights?.[i] ?? 0).toFixed(2)}`).join(', ');
  const lines = [
    `Run ${r.runId}: ${r.trials.completed}/${r.trials.total} trials completed, ${r.trials.failed} failed${r.trials.cancelled ? `, ${r.trials.cancelled} cancelled at the deadline` : ''}`,
    `Best trial ${r.bestTrial.trialId} (val ${pct(r.bestTrial.valScore)}): ${JSON.stringify(r.bestTrial.params)}`,
    `Test  best single (${best.id}): accuracy ${pct(best.accuracy)}, macro-F1 ${pct(best.macroF1)}${iv ? `, ${iv.metric} CI ${ci(iv.best)}` : ''}`,
    `Test  ensemble of ${ensemble.members.length} (${ensemble.method ?? 'average'}: ${weights}): accuracy ${pct(ensemble.accuracy)}, macro-F1 ${pct(ensemble.macroF1)}${iv ? `, ${iv.metric} CI ${ci(iv.ensemble)}` : ''}`,
  ];
  if (iv)
    lines.push(
      `Ensemble - best single (${iv.metric}, paired bootstrap): ${pts(iv.difference.estimate)} pts [${pts(iv.difference.lower)}, ${pts(iv.difference.upper)}]`,
    );
  if (r.registry)
    lines.push(
      `Registered: ${r.test.chosen === 'ensemble' ? 'the ensemble' : `best single ${best.id}`} (chosen on validation) at ${r.registry.entry.uri}`,
    );
  lines.push(`Report:  ${r.report.uri}`, `Summary: ${r.summary.uri}`);
  return lines.map((line) => printable(line)).join('\n');
}
