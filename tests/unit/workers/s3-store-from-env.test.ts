import { loadWorkerEnv } from '../../../workers/worker-env';

/** FF_S3_CONNECT_TIMEOUT_MS / FF_S3_REQUEST_TIMEOUT_MS: defaults, parsing, and bad values named at start. */
test('S3 timeouts default to 5 s and 2 minutes and parse from the environment', () => {
  const defaults = loadWorkerEnv({});
  expect([defaults.FF_S3_CONNECT_TIMEOUT_MS, defaults.FF_S3_REQUEST_TIMEOUT_MS]).toEqual([5_000, 120_000]);
  const set = loadWorkerEnv({ FF_S3_CONNECT_TIMEOUT_MS: '250', FF_S3_REQUEST_TIMEOUT_MS: '0' });
  expect([set.FF_S3_CONNECT_TIMEOUT_MS, set.FF_S3_REQUEST_TIMEOUT_MS]).toEqual([250, 0]);
});

test('a bad S3 timeout fails the worker at start, naming the variable', () => {
  expect(() => loadWorkerEnv({ FF_S3_REQUEST_TIMEOUT_MS: '2m' })).toThrow(/FF_S3_REQUEST_TIMEOUT_MS/);
});
