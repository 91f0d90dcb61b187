import { buildRunSummary } from '../../../lib/report/run-summary';
import { renderRunReportHtml } from '../../../lib/report/render-html';

const evaluation = { id: 'trial-0001', accuracy: 0.8, macroF1: 0.79, logLoss: 0.4, confusion: [[40, 10], [10, 40]] };

test('the report shows the key numbers and escapes user text', () => {
  const summary = buildRunSummary({
    runId: 'run-<script>',
    experiment: 'demo',
    seed: 1,
    labels: ['neg', 'pos'],
    funnel: [{ stage: 'validate', in: 10, kept: 9, dropped: { 'empty-text': 1 } }],
    quarantinedRows: 1,
    trials: [
      { trialId: 'trial-0001', status: 'completed', score: 0.81, params: { lr: 0.01 } },
      { trialId: 'trial-0002', status: 'failed', params: { lr: 5 }, error: 'diverged' },
    ],
    test: { best: evaluation, ensemble: { ...evaluation, id: 'ensemble', members: ['trial-0001'] }, singles: [evaluation] },
    artifacts: { report: 's3://b/p/runs/x/report/abc.html' },
  });
  expect(summary.trialCounts).toEqual({ total: 2, completed: 1, failed: 1 });
  const html = renderRunReportHtml(summary);
  expect(html).not.toContain('<script>');
  expect(html).toContain('run-&lt;script&gt;');
  expect(html).toContain('80.0%');
  expect(html).toContain('empty-text: 1');
  expect(html).toContain('1 completed, 1 failed of 2');
});
