import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NON_RETRYABLE_ERROR_TYPES } from '../../../lib/core/errors';
import {
  ACTIVITY_RETRY_POLICY,
  CONTROL_RETRY,
  REQUIRED_OUTAGE_MS,
  RETRY_POLICIES,
  SAMPLER_RETRY,
  TRAINING_RETRY,
} from '../../../workflows/retry-policies';
import {
  attemptsUsedByOutage,
  retryIntervalsMs,
  retryWindowLeftAfterOutageMs,
  retryWindowMs,
} from '../../../workflows/retry-window';

/** Activities that read or write S3 (every one but the in-memory sampler). */
const S3_ACTIVITIES = Object.entries(ACTIVITY_RETRY_POLICY).filter(([name]) => name !== 'suggestTrials');

describe('retry window', () => {
  test('sums the capped exponential intervals over maximumAttempts-1 retries', () => {
    expect(
      retryIntervalsMs({ initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 8 }),
    ).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    // The old training policy: 10 attempts, 151 s, so a 164 s outage failed evaluateModels (issue).
    expect(
      retryWindowMs({ initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 10 }),
    ).toBe(151_000);
    expect(retryWindowMs({ initialInterval: 500, backoffCoefficient: 3, maximumAttempts: 3 })).toBe(500 + 1500);
    expect(retryWindowMs({ maximumAttempts: 1 })).toBe(0);
  });

  test('maximumInterval defaults to 100 x initialInterval, as in Temporal', () => {
    expect(Math.max(...retryIntervalsMs({ initialInterval: '1s', maximumAttempts: 12 }))).toBe(100_000);
  });

  test('unlimited attempts have no policy window', () => {
    expect(() => retryWindowMs({ initialInterval: '1s' })).toThrow(/unlimited attempts/);
    expect(() => retryWindowMs({ maximumAttempts: 0 })).toThrow(RangeError);
  });

  test('counts the attempts an outage uses, failing instantly', () => {
    const old = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 10 } as const;
    expect(attemptsUsedByOutage(old, 30_000)).toBe(5); // the "30 s outage used 5 of 10"
    expect(attemptsUsedByOutage(old, 164_000)).toBe(10); // all of them: the run failed
    expect(attemptsUsedByOutage(old, 0)).toBe(0);
  });
});

describe('retry policies', () => {
  test.each(S3_ACTIVITIES)('%s survives a 10-minute S3 outage (%s)', (_name, policy) => {
    expect(retryWindowMs(RETRY_POLICIES[policy])).toBeGreaterThanOrEqual(REQUIRED_OUTAGE_MS);
    expect(attemptsUsedByOutage(RETRY_POLICIES[policy], REQUIRED_OUTAGE_MS)).toBeLessThan(
      RETRY_POLICIES[policy].maximumAttempts!,
    );
  });

  test('the post-sweep activities and training run under the time-sized policies', () => {
    for (const name of [
      'evaluateModels',
      'registerModel',
      'writeReport',
      'trainModel',
      'pretrainLanguageModel',
    ] as const) {
      expect(['CONTROL_RETRY', 'TRAINING_RETRY']).toContain(ACTIVITY_RETRY_POLICY[name]);
    }
    // 903 s each: a 10-minute outage with 50% headroom.
    expect(retryWindowMs(CONTROL_RETRY)).toBe(903_000);
    expect(retryWindowMs(TRAINING_RETRY)).toBe(903_000);
  });

  test("a 30 s outage uses a quarter of a trial's attempts and leaves > 10 minutes of window", () => {
    const used = attemptsUsedByOutage(TRAINING_RETRY, 30_000);
    expect(used).toBe(5);
    expect(used / TRAINING_RETRY.maximumAttempts!).toBeLessThan(0.25);
    expect(retryWindowLeftAfterOutageMs(TRAINING_RETRY, 30_000)).toBeGreaterThanOrEqual(REQUIRED_OUTAGE_MS);
  });

  test.each(Object.entries(RETRY_POLICIES))('%s keeps bad config and data non-retryable', (_name, policy) => {
    expect(policy.nonRetryableErrorTypes).toEqual([...NON_RETRYABLE_ERROR_TYPES]);
    expect(policy.nonRetryableErrorTypes).toEqual(
      expect.arrayContaining(['ConfigError', 'DataError', 'TrainingDivergedError']),
    );
  });

  test('the sampler reads no S3, so it keeps its short count-sized budget', () => {
    expect(ACTIVITY_RETRY_POLICY.suggestTrials).toBe('SAMPLER_RETRY');
    expect(retryWindowMs(SAMPLER_RETRY)).toBe(91_000);
  });
});

describe('README durability table', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  test.each(Object.entries(ACTIVITY_RETRY_POLICY))('has the row of %s', (name, policy) => {
    expect(readme).toContain(`| \`${name}\` | \`${policy}\` | ${outageCell(policy)} |`);
  });
});

/** The README's "outage it survives" cell: the window in seconds and the attempt count. */
function outageCell(policy: keyof typeof RETRY_POLICIES): string {
  const p = RETRY_POLICIES[policy];
  return `${retryWindowMs(p) / 1000} s (${p.maximumAttempts} attempts, backoff ${p.initialInterval} x${p.backoffCoefficient} up to ${p.maximumInterval})`;
}
