import { ConfigError } from '../../../lib/core/errors';
import { assertValidRunId, RUN_ID_EXAMPLE } from '../../../lib/core/run-id';
import { RUN_ID_CASES } from '../../bad-input/run-id-cases';

test('case names are unique', () => {
  expect(new Set(RUN_ID_CASES.map((c) => c.name)).size).toBe(RUN_ID_CASES.length);
});

test.each(RUN_ID_CASES.map((c) => [c.name, c] as const))(
  '%s -> non-retryable ConfigError with the rule and an example',
  (_name, c) => {
    let err: unknown;
    try {
      assertValidRunId(c.id);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).retryable).toBe(false);
    expect((err as ConfigError).message).toContain(c.message);
    expect((err as ConfigError).message).toContain(`Example: ${RUN_ID_EXAMPLE}`);
    expect((err as ConfigError).message).toContain('^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$');
  },
);
