/**
 * Generates the experiment-config reference from the zod schema (the single source of
 * config types), so the docs cannot drift from what the CLI and workflows accept:
 *   docs/experiment-config.schema.json   JSON Schema (2020-12) for editors (YAML/JSON completion)
 *   docs/config-reference.md             one table row per field: type, default, constraints
 *
 *   npx tsx scripts/gen-config-reference.ts           # write both files
 *   npx tsx scripts/gen-config-reference.ts --check   # exit 1 when the committed files are stale
 *
 * Uses zod 4's z.toJSONSchema in `input` mode: defaults are optional, as a user writes them.
 * Cross-field rules (superRefine, e.g. search-space names vs the model family) have no
 * JSON Schema form; they are enforced at validation time only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ExperimentConfigSchema } from '../configs/experiment-schema';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

const ROOT = path.resolve(__dirname, '..');
export const CONFIG_SCHEMA_FILE = path.join(ROOT, 'docs', 'experiment-config.schema.json');
export const CONFIG_REFERENCE_FILE = path.join(ROOT, 'docs', 'config-reference.md');

/** The JSON Schema of an experiment config as a user writes it (YAML or JSON). */
export function buildConfigJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(ExperimentConfigSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return {
    ...schema,
    $id: 'https://finetune-flow.dev/schemas/experiment-config.schema.json',
    title: 'finetune-flow experiment config',
  };
}

interface Row {
  path: string;
  type: string;
  required: boolean;
  default: string;
  rules: string;
}

const variantsOf = (s: JsonSchema) => (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const variants = variantsOf(s);
  if (variants) return [...new Set(variants.map(typeOf))].join(' | ');
  if (s.type === 'array') return `${typeOf((s.items as JsonSchema) ?? {})}[]`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object')
    return `map of ${typeOf(s.additionalProperties as JsonSchema)}`;
  if (s.type === 'integer') return 'integer';
  return typeof s.type === 'string' ? s.type : 'any';
}

function rulesOf(s: JsonSchema): string {
  const labels: [string, string][] = [
    ['minimum', '≥'],
    ['exclusiveMinimum', '>'],
    ['maximum', '≤'],
    ['exclusiveMaximum', '<'],
    ['minLength', 'min length'],
    ['maxLength', 'max length'],
    ['minItems', 'min items'],
    ['maxItems', 'max items'],
    ['pattern', 'pattern'],
  ];
  const isSafe = (v: unknown) => typeof v !== 'number' || Math.abs(v) < Number.MAX_SAFE_INTEGER;
  return labels
    .filter(([key]) => s[key] !== undefined && isSafe(s[key]))
    .map(([key, label]) => `${label} ${key === 'pattern' ? `\`${s[key]}\`` : s[key]}`)
    .join(', ');
}

function defaultOf(s: JsonSchema): string {
  if (s.default === undefined) return '';
  const text = JSON.stringify(s.default);
  return text.length <= 48 ? `\`${text}\`` : '(see fields)';
}

/** The variant's discriminator, e.g. `{kind=uri}`, for object variants of a union. */
function variantLabel(v: JsonSchema): string {
  for (const key of ['kind', 'type', 'family']) {
    const c = v.properties?.[key]?.const;
    if (c !== undefined) return `{${key}=${String(c)}}`;
  }
  return '';
}

function walk(s: JsonSchema, at: string, required: boolean, rows: Row[]): void {
  if (at) rows.push({ path: at, type: typeOf(s), required, default: defaultOf(s), rules: rulesOf(s) });
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    walk(child, at ? `${at}.${key}` : key, (s.required ?? []).includes(key), rows);
  }
  const variants = variantsOf(s)?.filter((v) => v.properties);
  for (const v of variants ?? []) {
    for (const [key, child] of Object.entries(v.properties ?? {}))
      walk(child, `${at}${variantLabel(v)}.${key}`, (v.required ?? []).includes(key), rows);
  }
  const items = s.items as JsonSchema | undefined;
  if (items && (items.properties || variantsOf(items))) walk({ ...items, default: undefined }, `${at}[]`, true, rows);
  const values = s.additionalProperties as JsonSchema | undefined;
  if (values && typeof values === 'object' && (values.properties || variantsOf(values)))
    walk({ ...values, default: undefined }, `${at}.<name>`, true, rows);
}

/** Markdown reference: one row per field path, generated from `schema`. */
export function renderConfigReference(schema: JsonSchema): string {
  const rows: Row[] = [];
  walk(schema, '', true, rows);
  const lines = [
    '# Experiment config reference',
    '',
    '<!-- Generated by scripts/gen-config-reference.ts from configs/experiment-schema.ts; do not edit by hand. -->',
    '',
    'Every field of an experiment config (YAML or JSON), as validated by `configs/experiment-schema.ts`.',
    'Objects are strict: an unknown key is an error. `a{kind=x}.b` is field `b` of the variant whose `kind` is `x`;',
    '`a[]` is an element of list `a`; `a.<name>` is an entry of map `a`. Cross-field rules (e.g. search-space',
    'names must be hyperparameters of the model family) are checked at validation time and are not listed here.',
    'Editors: point YAML/JSON completion at [`experiment-config.schema.json`](experiment-config.schema.json).',
    '',
    '| field | type | required | default | constraints |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| \`${cell(r.path)}\` | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${cell(r.default)} | ${cell(r.rules)} |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** Both generated files' contents, deterministic for a given schema. */
export function generateConfigReference(): { schemaJson: string; markdown: string } {
  const schema = buildConfigJsonSchema();
  return { schemaJson: `${JSON.stringify(schema, null, 2)}\n`, markdown: renderConfigReference(schema) };
}

if (require.main === module) {
  const { schemaJson, markdown } = generateConfigReference();
  const files: [string, string][] = [
    [CONFIG_SCHEMA_FILE, schemaJson],
    [CONFIG_REFERENCE_FILE, markdown],
  ];
  if (process.argv.includes('--check')) {
    const stale = files.filter(([file, text]) => {
      try {
        return readFileSync(file, 'utf8') !== text;
      } catch {
        return true;
      }
    });
    for (const [file] of stale)
      console.error(`stale: ${path.relative(ROOT, file)} (run: npx tsx scripts/gen-config-reference.ts)`);
    process.exit(stale.length ? 1 : 0);
  }
  for (const [file, text] of files) writeFileSync(file, text);
  console.log(`wrote ${files.map(([f]) => path.relative(ROOT, f)).join(', ')}`);
}
