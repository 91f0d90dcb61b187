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
import type { Page } from 'playwright-core';
import { launchTestBrowser, type TestBrowser } from '../helpers/browser';
import { reportFixture, WIDE_PARAM_NAMES, wideReportFixture } from '../helpers/report-fixture';
import { OTHER_TRIAL_COLOR } from '../../lib/report/learning-curve-charts';

jest.setTimeout(120_000);

const OUT = path.resolve(__dirname, '../../out');
const summary = reportFixture({ runId: 'report-browser-run' });
const file = path.join(OUT, 'report-e2e', 'report.html');
const wide = wideReportFixture();
const wideFile = path.join(OUT, 'report-e2e', 'wide-report.html');
let browser: TestBrowser | undefined;

beforeAll(async () => {
  mkdirSync(path.dirname(file), { recursive: true });
  mkdirSync(path.join(OUT, 'screenshots'), { recursive: true });
  writeFileSync(file, renderRunReportHtml(summary));
  writeFileSync(wideFile, renderRunReportHtml(wide));
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

/** Chart text drawn (partly) outside its SVG: the browser clips it ("sta" for "stage"). */
async function clippedChartTexts(page: Page): Promise<string[]> {
  return page.locator('figure.chart > svg').evaluateAll((svgs) =>
    svgs.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')].flatMap((t) => {
        const r = t.getBoundingClientRect();
        const inside =
          r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
        return inside || !t.textContent ? [] : [t.textContent];
      });
    }),
  );
}

/** The text of every <text> element of the first chart in `section`. */
async function chartTexts(page: Page, section: string, nth = 0): Promise<string[]> {
  return page
    .locator(`section#${section} figure.chart > svg`)
    .nth(nth)
    .evaluate((svg) => [...svg.querySelectorAll('text')].map((t) => t.textContent ?? ''));
}

test('a 240-trial sweep fits the page: labelled bars, unclipped axis names, one learning curve per trial', async () => {
  const page = await browser!.context.newPage();
  await page.goto(pathToFileURL(wideFile).href, { waitUntil: 'load' });

  // (a) Every parameter's bar has its name and its value drawn.
  const importance = await chartTexts(page, 'importance');
  for (const p of wide.parameterImportance) {
    expect(importance).toContain(`${p.name} (${p.method})`);
    expect(importance).toContain(String(Math.round(p.importance * 1e4) / 1e4));
  }
  expect(wide.parameterImportance.map((p) => p.name).sort()).toEqual([...WIDE_PARAM_NAMES].sort());

  // (b) No chart text is cut off at its SVG's edge, axis names included, on either report.
  expect(await clippedChartTexts(page)).toEqual([]);
  expect(await chartTexts(page, 'data')).toEqual(expect.arrayContaining(['stage', 'rows, whole dataset']));
  expect(await chartTexts(page, 'data', 1)).toEqual(expect.arrayContaining(['stage', 'rows, train split']));
  expect(await chartTexts(page, 'data', 2)).toEqual(expect.arrayContaining(['label', 'examples']));

  // (c) The page does not scroll sideways, and the trials table wraps inside its box.
  const overflow = await page.locator('html').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBe(0);
  const table = await page
    .locator('section#trials .table-box')
    .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(table.scroll).toBeLessThanOrEqual(table.client);
  await expect(page.locator('section#trials tbody tr').count()).resolves.toBe(240);
  await page.setViewportSize({ width: 800, height: 1000 }); // a laptop half-screen: wide charts scroll in their box
  await expect(page.locator('html').evaluate((el) => el.scrollWidth - el.clientWidth)).resolves.toBe(0);
  await page.setViewportSize({ width: 1440, height: 1000 });

  // (d) One line per trial with a curve: the candidates in colour, every other trial thin grey.
  const curves = wide.trials.filter((t) => t.intermediate?.length);
  const candidates = new Set(wide.evaluation.candidates.map((c) => c.trialId));
  const lines = await page
    .locator('section#learning-curves figure.chart > svg')
    .first()
    .evaluate(
      (svg, grey) => ({
        grey: svg.querySelectorAll(`path[fill="none"][stroke="${grey}"]`).length,
        texts: [...svg.querySelectorAll('text')].map((t) => t.textContent),
      }),
      OTHER_TRIAL_COLOR,
    );
  expect(lines.grey).toBe(curves.filter((t) => !candidates.has(t.trialId)).length);
  for (const id of candidates) expect(lines.texts).toContain(id);

  await page.screenshot({ path: path.join(OUT, 'screenshots', 'report-wide.png'), fullPage: true });
  await page.close();
});

test('the small report has no clipped chart text either', async () => {
  const page = await browser!.context.newPage();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  expect(await clippedChartTexts(page)).toEqual([]);
  await page.close();
});
