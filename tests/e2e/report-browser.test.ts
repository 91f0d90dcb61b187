/**
 * The run report in a real headless chromium: a report rendered by the real
 * renderer from the shared fixture summary (tests/helpers/report-fixture.ts)
 * is opened from disk (file://, as a user opens a downloaded report). It must
 * render with no console errors and no network requests (self-contained),
 * show every section heading and the key numbers, and draw its charts.
 * Screenshot: out/screenshots/report.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderRunReportHtml, REPORT_SECTIONS } from '../../lib/report/render-html';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser';
import { reportFixture } from '../helpers/report-fixture';

jest.setTimeout(120_000);

const OUT = path.resolve(__dirname, '../../out');
const summary = reportFixture({ runId: 'report-browser-run' });
const file = path.join(OUT, 'report-e2e', 'report.html');
let browser: TestBrowser | undefined;

beforeAll(async () => {
  mkdirSync(path.dirname(file), { recursive: true });
  mkdirSync(path.join(OUT, 'screenshots'), { recursive: true });
  writeFileSync(file, renderRunReportHtml(summary));
  browser = await launchTestBrowser();
});

afterAll(async () => {
  await browser?.close();
});

test('the report renders offline with every section, its key numbers and its charts', async () => {
  const page = await browser!.context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => !r.url().startsWith('file://') && requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

  const headings = await page.locator('section > h2').allTextContents();
  expect(headings).toEqual(REPORT_SECTIONS.map(([, title]) => title));
  for (const [id] of REPORT_SECTIONS) await expect(page.locator(`section#${id}`).isVisible()).resolves.toBe(true);

  const text = await page.locator('body').innerText();
  const e = summary.evaluation.evaluation;
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  expect(text).toContain('Run report-browser-run');
  expect(text).toContain(
    `${pct(e.intervals.best.estimate)} [${pct(e.intervals.best.lower)}, ${pct(e.intervals.best.upper)}]`,
  );
  expect(text).toContain(
    `${pct(e.intervals.ensemble.estimate)} [${pct(e.intervals.ensemble.lower)}, ${pct(e.intervals.ensemble.upper)}]`,
  );
  expect(text).toContain(pct(e.ensemble.accuracy));
  expect(text).toContain('<mixed>'); // escaped in the source, shown as text

  // Charts are drawn: SVGs with a real on-screen size, and the heatmap shows a count.
  const sizes = await page
    .locator('figure.chart > svg')
    .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => [r.width, r.height]));
  expect(sizes.length).toBeGreaterThanOrEqual(19); // every chart of the fixture (the word cloud is not an ECharts figure)
  for (const [w, h] of sizes) expect(w * h).toBeGreaterThan(10_000);
  const confusionText = await page.locator('section#confusion svg').first().textContent();
  expect(confusionText).toContain(String(e.best.report.confusion[0][0])); // the first heatmap is the best single model's

  await page.screenshot({ path: path.join(OUT, 'screenshots', 'report.png'), fullPage: true });
  expect(problems).toEqual([]);
  expect(requests).toEqual([]);
  await page.close();
});
