import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { putArtifact } from '../../../lib/artifacts/content-addressed';
import { formatSize, formatWrittenReport, reportPaths, writeReportFiles } from '../../../cli/write-report';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ff-report-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function storedRun() {
  const store = new MemoryArtifactStore();
  const put = (kind: 'report' | 'summary', text: string, ext: string) =>
    putArtifact(store, { runPrefix: 'runs/r1', kind, body: new TextEncoder().encode(text), ext });
  const html = `<!doctype html><p>${'x'.repeat(3000)}</p>`;
  return {
    store,
    html,
    result: { report: await put('report', html, 'html'), summary: await put('summary', '{"a":1}', 'json') },
  };
}

test('--out DIR gets report.html and summary.json, and the output names each file with its size', async () => {
  const { store, html, result } = await storedRun();
  const written = await writeReportFiles(store, result, path.join(dir, 'new', 'run-1'));
  const report = path.join(dir, 'new', 'run-1', 'report.html');
  const summary = path.join(dir, 'new', 'run-1', 'summary.json');
  expect(written).toEqual({ report: { path: report, bytes: html.length }, summary: { path: summary, bytes: 7 } });
  expect(readFileSync(report, 'utf8')).toBe(html);
  expect(readFileSync(summary, 'utf8')).toBe('{"a":1}');
  expect(formatWrittenReport(written, 's3://b/ff/registry/e/entry.json')).toBe(
    [
      `Report written to ${report} (3.0 KiB)`,
      `Summary written to ${summary} (7 B)`,
      'Registry entry: s3://b/ff/registry/e/entry.json',
    ].join('\n'),
  );
});

test('--out FILE.html is the report itself, with summary.json beside it', () => {
  expect(reportPaths(path.join(dir, 'my.html'))).toEqual({
    report: path.join(dir, 'my.html'),
    summary: path.join(dir, 'summary.json'),
  });
  expect(reportPaths('out/run-2')).toEqual({
    report: path.resolve('out/run-2/report.html'),
    summary: path.resolve('out/run-2/summary.json'),
  });
});

test('sizes read as bytes, KiB and MiB; a path from a hostile run id prints escaped', () => {
  expect([0, 1023, 1024, 1536, 5 * 1024 * 1024].map(formatSize)).toEqual([
    '0 B',
    '1023 B',
    '1.0 KiB',
    '1.5 KiB',
    '5.0 MiB',
  ]);
  const out = formatWrittenReport({
    report: { path: '/o/run\x1b[2J/report.html', bytes: 10 },
    summary: { path: '/o/run\u202e/summary.json', bytes: 2 },
  });
  expect(out).toBe(
    'Report written to /o/run\\x1b[2J/report.html (10 B)\nSummary written to /o/run\\u202e/summary.json (2 B)',
  );
});
