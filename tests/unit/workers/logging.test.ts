import { Writable } from 'node:stream';
import { runInNewContext } from 'node:vm';
import { ApplicationFailure } from '@temporalio/common';
import { createWorkerLogger, PinoSdkLogger, REDACTED_FAILURE_TEXT } from '../../../workers/logging';

/** A logger whose JSON lines are collected in memory. */
function capture(redactFailureText: boolean) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = new PinoSdkLogger(createWorkerLogger('test', 'info', sink), { redactFailureText });
  return { logger, lines };
}

/** Shaped like the DataError a curation activity throws: the message and details quote rows. */
const dataFailure = () =>
  ApplicationFailure.create({
    type: 'DataError',
    message: 'dataset has too many bad rows: row 7 (missing-label): "my card number is 4111"',
    nonRetryable: true,
    details: [{ firstBadRows: [{ rowNumber: 7, preview: 'my card number is 4111' }] }],
    cause: new Error('inner cause quoting "my card number is 4111"'),
  });

test('failures are logged with their type, message, retryability, details and cause', () => {
  const { logger, lines } = capture(false);
  logger.warn('Activity failed', { activityType: 'curateDataset', error: dataFailure() });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    level: 'warn',
    msg: 'Activity failed',
    activityType: 'curateDataset',
    error: {
      type: 'DataError',
      message: expect.stringContaining('row 7 (missing-label)'),
      nonRetryable: true,
      details: [{ firstBadRows: [{ rowNumber: 7 }] }],
      cause: { type: 'Error', message: expect.stringContaining('inner cause') },
    },
  });
});

test('with payload encryption on, failure text and details never reach the log line', () => {
  const { logger, lines } = capture(true);
  logger.warn('Activity failed', { activityType: 'curateDataset', error: dataFailure() });
  const line = JSON.stringify(lines[0]);
  expect(line).not.toContain('4111');
  expect(lines[0]).toMatchObject({
    activityType: 'curateDataset',
    error: { type: 'DataError', nonRetryable: true, message: REDACTED_FAILURE_TEXT },
  });
  expect((lines[0].error as Record<string, unknown>).details).toBeUndefined();
});

test('huge details are cut to a bounded size', () => {
  const { logger, lines } = capture(false);
  const failure = ApplicationFailure.create({ type: 'DataError', message: 'x', details: ['y'.repeat(50_000)] });
  logger.error('Activity failed', { error: failure });
  const details = (lines[0].error as Record<string, unknown>).details;
  expect(typeof details).toBe('string');
  expect((details as string).length).toBeLessThan(2_100);
  expect(details).toContain('(50004 chars)');
});

test('causes built in another realm (the workflow sandbox) are followed too', () => {
  const { logger, lines } = capture(false);
  // What the SDK logs as "Workflow failed": an error of the sandbox's realm whose cause holds the real message.
  const sandboxed = runInNewContext(
    'const e = new Error("Activity task failed"); e.cause = new Error("dataset is empty"); e',
  ) as Error;
  logger.warn('Workflow failed', { error: sandboxed });
  expect(lines[0].error).toEqual({
    type: 'Error',
    message: 'Activity task failed',
    cause: { type: 'Error', message: 'dataset is empty' },
  });
});

test('log lines carry no raw terminal controls or bidi overrides, and decode to the original values', () => {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(chunk.toString());
      done();
    },
  });
  const hostile = 'label \x1b[2J\x1b]0;pwned\x07 \x9b31m \x7f invoice\u202etxt.exe \u2066x\u2069';
  createWorkerLogger('test', 'info', sink).info(
    { label: hostile, error: { message: `bad label ${hostile}` } },
    `predicted ${hostile}`,
  );
  const text = raw.join('');
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
  const line = JSON.parse(text);
  expect(line).toMatchObject({
    label: hostile,
    msg: `predicted ${hostile}`,
    error: { message: `bad label ${hostile}` },
  });
});
