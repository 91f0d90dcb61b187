import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactStore } from '../lib/artifacts/artifact-store';
import { readArtifact } from '../lib/artifacts/content-addressed';
import { printable } from '../lib/core/printable';
import type { FineTunePipelineResult } from '../workflows/fine-tune-pipeline';

/** One file the command wrote: its absolute path and size in bytes. */
export interface WrittenFile {
  path: string;
  bytes: number;
}

/** The two files of `cli report`. */
export interface WrittenReport {
  report: WrittenFile;
  summary: WrittenFile;
}

/**
 * Where `--out` puts the files: a path ending in `.html` (or `.htm`) is the
 * report itself, with summary.json beside it; any other path is a directory
 * that receives report.html and summary.json. Absolute paths.
 */
export function reportPaths(out: string): { report: string; summary: string } {
  const resolved = path.resolve(out);
  const report = /\.html?$/i.test(resolved) ? resolved : path.join(resolved, 'report.html');
  return { report, summary: path.join(path.dirname(report), 'summary.json') };
}

/**
 * Copies a finished run's HTML report and summary.json from `store` to the
 * paths {@link reportPaths} gives for `out`, creating directories; each is
 * verified against its sha256 as it is read. Returns what it wrote.
 */
export async function writeReportFiles(
  store: ArtifactStore,
  result: Pick<FineTunePipelineResult, 'report' | 'summary'>,
  out: string,
): Promise<WrittenReport> {
  const paths = reportPaths(out);
  await mkdir(path.dirname(paths.report), { recursive: true });
  const write = async (file: string, bytes: Uint8Array): Promise<WrittenFile> => {
    await writeFile(file, bytes);
    return { path: file, bytes: bytes.byteLength };
  };
  return {
    report: await write(paths.report, await readArtifact(store, result.report)),
    summary: await write(paths.summary, await readArtifact(store, result.summary)),
  };
}

/** `1234` -> `1.2 KiB`; under 1 KiB in bytes. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * What `cli report` prints: one line per written file with its path and size,
 * then the registry entry when the run registered one. Paths are shown
 * through {@link printable} (a run id, and so a default path, comes from the user).
 */
export function formatWrittenReport(written: WrittenReport, registryUri?: string): string {
  const line = (what: string, f: WrittenFile) => `${what} written to ${f.path} (${formatSize(f.bytes)})`;
  return [
    line('Report', written.report),
    line('Summary', written.summary),
    ...(registryUri ? [`Registry entry: ${registryUri}`] : []),
  ]
    .map((l) => printable(l))
    .join('\n');
}
