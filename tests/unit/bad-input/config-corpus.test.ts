import { parseExperimentConfig } from '../../../configs/validate-config';
import { ConfigError } from '../../../lib/core/errors';
import { CONFIG_CASES, VALID_CONFIG } from '../../bad-input/config-cases';

/** The bad-config corpus through the same validation the CLI and the workflow use. */
function errorOf(input: unknown): unknown {
  try {
    parseExperimentConfig(input, 'fineTunePipeline input');
  } catch (err) {
    return err;
  }
  return undefined;
}

test('the corpus base config is valid (so each case fails for its own reason)', () => {
  expect(parseExperimentConfig(VALID_CONFIG).name).toBe('bad-input');
});

test('case names are unique', () => {
  expect(new Set(CONFIG_CASES.map((c) => c.name)).size).toBe(CONFIG_CASES.length);
});

test.each(CONFIG_CASES.map((c) => [c.name, c] as const))(
  '%s -> non-retryable ConfigError naming the problem',
  (_name, c) => {
    const err = errorOf(c.config);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).retryable).toBe(false);
    expect((err as ConfigError).message).toContain(c.message);
  },
);
