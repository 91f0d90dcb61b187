import { bundleWorkflowCode } from '@temporalio/worker';

jest.setTimeout(120_000);

/**
 * The workflow sandbox refuses Node built-ins and I/O libraries. A config
 * schema that imports TensorFlow.js (or anything using fs/crypto) breaks every
 * worker at start, so this catches it in the fast suite, before any server.
 */
test('the workflow bundle builds without disallowed modules', async () => {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../../workflows'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
  });
  expect(code).toContain('fineTunePipeline');
  expect(code).not.toContain('@tensorflow/tfjs-core');
});
