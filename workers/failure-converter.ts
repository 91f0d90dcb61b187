import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure converter used when payload encryption is on (see
 * workers/payload-codec-env.ts): moves failure messages and stack traces into
 * an encoded payload, so the payload codec encrypts them too. Our DataError
 * messages quote bad rows, i.e. data samples, which must not sit in history
 * as plaintext. Loaded by path (`failureConverterPath`) because workers also
 * need it inside the workflow sandbox.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
