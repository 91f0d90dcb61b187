import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readArtifact } from '../lib/artifacts/content-addressed';
import { loadWorkerEnv } from '../workers/worker-env';
import type { FineTunePipelineResult } from '../workflows/fine-tune-pipeline';
import { s3StoreFromEnv } from '../workers/s3-store-from-env';

/**
 * Copies a finished run's HTML report and summary.json from the artifact
 * store (S3 settings from the same environment the workers use) to `outFile`
 * and `summary.json` beside it. Verifies both against their sha256.
 */
export async function writeReportLocally(
  result: FineTunePipelineResult,
  outFile: string,
): Promise<{ report: string; summary: string }> {
  const env = loadWorkerEnv();
  const store = s3StoreFromEnv(env);
  const report = path.resolve(outFile);
  const summary = path.join(path.dirname(report), 'summary.json');
  await mkdir(path.dirname(report), { recursive: true });
  await writeFile(report, await readArtifact(store, result.report));
  await writeFile(summary, await readArtifact(store, result.summary));
  return { report, summary };
}
