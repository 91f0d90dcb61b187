import { z } from 'zod';
import { ConfigError } from '../lib/core/errors';
import { ExperimentConfigSchema, type ExperimentConfig } from './experiment-schema';

/** Renders a zod issue path as `search.space.lr.low` / `augmentation.ops[0].rate`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** One line per problem: `- field: what is wrong and how to fix it`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      message = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove them or check the spelling`;
    } else if (issue.code === 'invalid_key') {
      // A record key failed its own schema (e.g. a search-space name): show why, not just "Invalid key in record".
      message = `invalid name: ${issue.issues.map((i) => i.message).join('; ')}`;
    }
    return `- ${formatPath(issue.path)}: ${message}`;
  });
}

/**
 * Validates an experiment config (already parsed from YAML/JSON) and fills in
 * defaults. Pure and deterministic, so it also runs inside workflows.
 * @throws ConfigError listing every bad field with the fix; never retried.
 */
export function parseExperimentConfig(input: unknown, source = 'config'): ExperimentConfig {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ConfigError(
      `Invalid ${source}: expected a JSON object with at least "name", "dataset" and "search" (got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}).`,
    );
  }
  const result = ExperimentConfigSchema.safeParse(input);
  if (!result.success) {
    const lines = formatIssues(result.error.issues);
    throw new ConfigError(
      `Invalid ${source} (${lines.length} problem${lines.length > 1 ? 's' : ''}):\n${lines.join('\n')}`,
      {
        issues: lines,
      },
    );
  }
  return result.data;
}
