/**
 * The outage half of the bad-input corpus (issue 15): the worker's S3 endpoint is
 * broken when a run starts. Unlike bad data these are retryable — an outage or a
 * deployment fix ends them without a new run — so the run must NOT fail: the
 * curation activity keeps retrying, and what the user sees (the pending activity's last
 * failure in the Web UI, `cli describe`, `temporal workflow describe`) is one line naming
 * the endpoint, the operation and the setting to check, within seconds instead of a hang.
 *
 * Run on the real stack by tests/integration/bad-input/outage-corpus.test.ts, each with
 * its own control worker whose environment points at the broken endpoint.
 */
import { blackholeEndpoint, hungEndpoint, refusedEndpoint, webPageEndpoint } from '../helpers/fake-s3-endpoints';

export interface OutageCase {
  name: string;
  /** The worker environment's S3 overrides; `real` is the stack's own S3 endpoint. */
  env: (real: string) => Promise<Record<string, string>>;
  /** The exact last-failure message, given the endpoint and the dataset URI. */
  message: (endpoint: string, uri: string) => string;
}

/** Small timeouts so the corpus runs in seconds; 3 SDK attempts (the default) each. */
const FAST = { FF_S3_CONNECT_TIMEOUT_MS: '300', FF_S3_REQUEST_TIMEOUT_MS: '300' };
const NOT_S3 =
  "which no S3 server sends: FF_S3_ENDPOINT points at another HTTP server (or a proxy in front of S3 fails); set it to the S3 server's URL";

export const OUTAGE_CASES: OutageCase[] = [
  {
    name: 'S3 host unreachable at the start of curation (connect timeout)',
    env: async () => ({ ...FAST, FF_S3_ENDPOINT: await blackholeEndpoint() }),
    message: (endpoint, uri) =>
      `S3 endpoint ${endpoint} did not accept a connection within connectTimeoutMs=300 (FF_S3_CONNECT_TIMEOUT_MS, 3 attempts) for HeadObject ${uri}: the server is down or unreachable; check FF_S3_ENDPOINT and the network`,
  },
  {
    name: 'S3 server hung: accepts connections, never answers',
    env: async () => ({ ...FAST, FF_S3_ENDPOINT: await hungEndpoint() }),
    message: (endpoint, uri) =>
      `S3 endpoint ${endpoint} did not answer HeadObject ${uri} within requestTimeoutMs=300 (FF_S3_REQUEST_TIMEOUT_MS, 3 attempts): the server accepted the connection but hung; check that FF_S3_ENDPOINT is a working S3 server, or raise FF_S3_REQUEST_TIMEOUT_MS for a slow link`,
  },
  {
    name: 'S3 server down: connection refused',
    env: async () => ({ ...FAST, FF_S3_ENDPOINT: await refusedEndpoint() }),
    message: (endpoint, uri) =>
      `S3 endpoint ${endpoint} is unreachable (ECONNREFUSED, 3 attempts) for HeadObject ${uri}: the server is down or FF_S3_ENDPOINT is wrong`,
  },
  {
    name: 'FF_S3_ENDPOINT is a web server, not S3',
    env: async () => ({ ...FAST, FF_S3_ENDPOINT: await webPageEndpoint(200) }),
    message: (endpoint, uri) =>
      `S3 endpoint ${endpoint} answered HeadObject ${uri} with a success without an ETag, ${NOT_S3}`,
  },
  {
    name: 'FF_S3_ENDPOINT is a web server answering 404',
    env: async () => ({ ...FAST, FF_S3_ENDPOINT: await webPageEndpoint(404) }),
    message: (endpoint, uri) =>
      `S3 endpoint ${endpoint} answered GetObject ${uri} with HTTP 404 without NoSuchKey, ${NOT_S3}`,
  },
  {
    name: "dataset URI in a bucket that doesn't exist (the worker's FF_S3_BUCKET)",
    env: async () => ({ FF_S3_BUCKET: 'no-such-bucket-ff' }),
    message: (endpoint, uri) =>
      `S3 endpoint ${endpoint} has no bucket "no-such-bucket-ff" (GetObject ${uri}): create the bucket or set FF_S3_BUCKET to an existing one (the local stack's is created by bash scripts/stack.sh start)`,
  },
];
