/**
 * Jest projects:
 *  - unit: pure lib/configs/activities code, no servers; a file takes under ~5 s.
 *  - integration: needs the real stack (Temporal dev server + S3 server) that
 *    `scripts/test.sh` starts; workers are started in-process or as child processes.
 *  - e2e: runs the README's own commands against the real stack.
 *  - slow: tests without servers that take longer (training runs, the sampler contract suites,
 *    the deploy-manifest validators); `npm test` runs them with unit.
 *  - chaos: kills workers and restarts servers of a PRIVATE stack it starts itself
 *    (tests/helpers/chaos-stack.ts); long variant: scripts/chaos.sh --long.
 * Sources are TypeScript, transformed by swc (type checking is `npm run typecheck`).
 */
// libtensorflow (the native backend) logs a CPU-feature banner at INFO when it loads. Set here, in
// jest's own process, so the real environment of every test process has it (a test file's
// process.env is a copy: setting it there does not reach the native library).
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/tests/helpers/jest-setup.ts'],
  // FF_TEST_TFJS_BACKEND=tensorflow|wasm|cpu: start each file on that backend (test.sh's per-backend jobs).
  setupFilesAfterEnv: ['<rootDir>/tests/helpers/jest-backend.ts'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    { ...common, displayName: 'slow', testMatch: ['<rootDir>/tests/slow/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/helpers/require-stack.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/helpers/require-stack.ts',
    },
    {
      ...common,
      displayName: 'chaos',
      testMatch: ['<rootDir>/tests/chaos/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/helpers/require-stack.ts',
    },
  ],
};
