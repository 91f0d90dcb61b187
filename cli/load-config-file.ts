import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { parseExperimentConfig } from '../configs/validate-config';
import type { ExperimentConfig } from '../configs/experiment-schema';
import { ConfigError } from '../lib/core/errors';

/**
 * Reads a YAML or JSON experiment config (JSON is YAML) and validates it.
 * @throws ConfigError naming the file and every bad field.
 */
export function loadConfigFile(path: string): ExperimentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`Cannot read config file ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (err) {
    throw new ConfigError(`Config file ${path} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  return parseExperimentConfig(parsed, `config file ${path}`);
}
