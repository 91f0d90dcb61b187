/**
 * Runs in every test file after the framework is installed (jest.config.js
 * setupFilesAfterEnv). With FF_TEST_TFJS_BACKEND=tensorflow|wasm|cpu, the file's
 * tests start on that tfjs backend instead of tfjs's default (pure-JS cpu):
 * scripts/test.sh runs the backend-sensitive files once per backend this way.
 */
import { selectBackend, type BackendPreference } from '../../lib/models/runtime/backend';

const wanted = process.env.FF_TEST_TFJS_BACKEND as BackendPreference | undefined;
if (wanted) {
  beforeAll(async () => {
    await selectBackend(wanted);
  });
}
