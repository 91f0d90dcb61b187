/**
 * Prebuilds the workflow bundle that the control worker loads with
 * `workflowBundle: { codePath }` when FF_WORKFLOW_BUNDLE is set (the container
 * image does this at build time), so a worker starts without webpack/swc and
 * every replica runs byte-identical workflow code.
 *
 *   npx tsx scripts/bundle-workflows.ts [out-file]     # default dist/workflow-bundle.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { OTEL_WORKFLOW_INTERCEPTOR_MODULE } from '../workers/tracing';

const ROOT = path.resolve(__dirname, '..');

/**
 * Bundles workflows/ (or `workflowsPath`) into `outFile` (parent dirs created);
 * returns its path and size. The bundle always holds the OpenTelemetry workflow
 * interceptors, so one image can trace or not by FF_OTEL_EXPORTER alone; with
 * tracing off the control worker drops their spans (workers/tracing.ts).
 */
export async function bundleWorkflows(
  outFile: string,
  workflowsPath = path.join(ROOT, 'workflows', 'index.ts'),
): Promise<{ path: string; bytes: number }> {
  // The failure converter must be in the bundle: with payload encryption on it encrypts
  // workflow-side failure messages (which may quote data rows) like the workers' own.
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    failureConverterPath: require.resolve('../workers/failure-converter'),
    workflowInterceptorModules: [OTEL_WORKFLOW_INTERCEPTOR_MODULE],
  });
  const target = path.resolve(outFile);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, code);
  return { path: target, bytes: Buffer.byteLength(code) };
}

if (require.main === module) {
  const out = process.argv[2] ?? path.join(ROOT, 'dist', 'workflow-bundle.js');
  bundleWorkflows(out)
    .then(({ path: file, bytes }) => console.log(`[bundle-workflows] wrote ${file} (${(bytes / 1024).toFixed(0)} KiB)`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
