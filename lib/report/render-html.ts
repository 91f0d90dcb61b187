import type { RunSummary } from './run-summary';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const pct = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);

function table(headers: string[], rows: (string | number)[][]): string {
  const th = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function confusionTable(labels: string[], confusion: number[][]): string {
  return table(['true \\ predicted', ...labels], confusion.map((row, i) => [labels[i], ...row]));
}

/**
 * A self-contained HTML report (no external assets): data funnel, trial
 * leaderboard, and test metrics of the best model and the ensemble. Every
 * value is escaped; the page works offline.
 */
export function renderRunReportHtml(s: RunSummary): string {
  const funnel = table(['stage', 'in', 'kept', 'dropped'], s.funnel.map((f) => [f.stage, f.in, f.kept, Object.entries(f.dropped).map(([k, v]) => `${k}: ${v}`).join(', ') || '–']));
  const trials = table(
    ['trial', 'status', 'val score', 'params', 'resumed from epoch'],
    s.trials
      .slice()
      .sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity))
      .map((t) => [t.trialId, t.status, pct(t.score), JSON.stringify(t.params), t.resumedFromEpoch ?? '–']),
  );
  const test = table(
    ['model', 'accuracy', 'macro-F1', 'log loss'],
    [s.test.best, s.test.ensemble].map((m) => [m.id === 'ensemble' ? `ensemble of ${s.test.ensemble.members.join(', ')}` : `best single (${m.id})`, pct(m.accuracy), pct(m.macroF1), m.logLoss.toFixed(4)]),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>finetune-flow report: ${escapeHtml(s.runId)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}th{background:#f4f4f4}</style>
</head><body>
<h1>Run ${escapeHtml(s.runId)}</h1>
<p>Experiment <b>${escapeHtml(s.experiment)}</b>, seed ${s.seed}, labels ${escapeHtml(s.labels.join(', '))}.
Trials: ${s.trialCounts.completed} completed, ${s.trialCounts.failed} failed of ${s.trialCounts.total}.</p>
<h2 id="test">Test metrics (held-out split)</h2>
${test}
<h3>Confusion matrix, ensemble</h3>
${confusionTable(s.labels, s.test.ensemble.confusion)}
<h2 id="funnel">Data funnel</h2>
<p>${s.quarantinedRows} rows quarantined.</p>
${funnel}
<h2 id="trials">Trials</h2>
${trials}
<h2 id="artifacts">Artifacts</h2>
${table(['artifact', 'uri'], Object.entries(s.artifacts))}
</body></html>
`;
}
