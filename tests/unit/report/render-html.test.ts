import { renderRunReportHtml, REPORT_SECTIONS } from '../../../lib/report/render-html';
import { renderChartSvg } from '../../../lib/report/svg-chart';
import { escapeHtml } from '../../../lib/report/html';
import { reportFixture } from '../../helpers/report-fixture';

const summary = reportFixture();
const html = renderRunReportHtml(summary);

test('every section is present, in order, with its heading', () => {
  let last = -1;
  for (const [id, title] of REPORT_SECTIONS) {
    const at = html.indexOf(`<section id="${id}">\n<h2>${title.replace(/&/g, '&amp;')}</h2>`);
    expect(at).toBeGreaterThan(last);
    last = at;
  }
});

test('the key numbers appear: test metrics with CIs, paired difference, trial counts', () => {
  const e = summary.evaluation.evaluation;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  expect(html).toContain(pct(e.best.accuracy));
  expect(html).toContain(pct(e.ensemble.macroF1));
  expect(html).toContain(
    `${pct(e.intervals.ensemble.estimate)} [${pct(e.intervals.ensemble.lower)}, ${pct(e.intervals.ensemble.upper)}]`,
  );
  expect(html).toContain(`${(100 * e.intervals.difference.estimate).toFixed(1)} pts`);
  expect(html).toContain('4 completed, 1 failed, 0 pruned of 5');
  expect(summary.trialCounts).toEqual({ total: 5, completed: 4, failed: 1 });
  expect(summary.prunedTrials).toBe(0);
});

test('user text is escaped everywhere, including inside the charts', () => {
  expect(html).not.toMatch(/<script|<mixed>|<b>bold|<nan>|<1>/);
  expect(html).toContain('fixture-run-&lt;1&gt;');
  expect(html).toContain('diverged &lt;nan&gt;');
  // The label reaches the confusion heatmap and the per-class table escaped.
  expect(html).toContain('&lt;mixed&gt;');
});

test('charts are ECharts SVG inline (no scripts, no external assets)', () => {
  const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
  // funnel, balance, tokens, lengths, bigrams, cloud, sweep, importance, parallel, 4 learning curves, 2 confusion, ROC, PR, calibration, weights, trajectory
  expect(svgs.length).toBeGreaterThanOrEqual(20);
  const fromLibrary = svgs.filter((s) => s.includes('baseProfile="full"'));
  expect(fromLibrary.length).toBe(svgs.length - 1); // all but the curation word cloud come from ECharts
  expect(html).not.toMatch(/<script|<link|src="http|href="http/);
});

test('a heatmap cell and a parallel axis come from the data', () => {
  const confusion = summary.evaluation.evaluation.ensemble.report.confusion;
  const section = html.slice(html.indexOf('<section id="confusion">'), html.indexOf('<section id="curves">'));
  expect(section).toContain(`>${confusion[0][0]}<`);
  const parallel = html.slice(html.indexOf('<section id="parallel">'), html.indexOf('<section id="learning-curves">'));
  expect(parallel).toContain('learningRate');
  expect(parallel).toContain('val_macro_f1');
});

test('without exploration the section says it was not computed', () => {
  const page = renderRunReportHtml({ ...summary, exploration: undefined });
  expect(page).toContain('Exploration was not computed');
});

test('renderChartSvg returns a standalone SVG of the requested size', () => {
  const svg = renderChartSvg(
    { xAxis: { type: 'category', data: ['a'] }, yAxis: {}, series: [{ type: 'bar', data: [3] }] },
    { width: 300, height: 200 },
  );
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toContain('width="300"');
  expect(svg).toContain('height="200"');
});

test('bidi override and isolate characters are shown as visible marks, never passed to the browser', () => {
  expect(escapeHtml('safe \u202etxt.exe & \u2066x\u2069')).toBe('safe [U+202E]txt.exe &amp; [U+2066]x[U+2069]');
});
