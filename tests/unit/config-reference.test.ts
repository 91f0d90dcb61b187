import { readFileSync } from 'node:fs';
import { CONFIG_REFERENCE_FILE, CONFIG_SCHEMA_FILE, generateConfigReference } from '../../scripts/gen-config-reference';
import { ExperimentConfigSchema } from '../../configs/experiment-schema';

const FIX =
  'docs are generated from configs/experiment-schema.ts: run `npx tsx scripts/gen-config-reference.ts` and commit docs/';

/** The committed config reference and editor schema are exactly what the zod schema generates now. */
test('docs/config-reference.md and docs/experiment-config.schema.json are up to date', () => {
  const { schemaJson, markdown } = generateConfigReference();
  const committed = {
    schemaJson: readFileSync(CONFIG_SCHEMA_FILE, 'utf8'),
    markdown: readFileSync(CONFIG_REFERENCE_FILE, 'utf8'),
  };
  if (committed.schemaJson !== schemaJson || committed.markdown !== markdown)
    throw new Error(`stale generated docs; ${FIX}`);
});

test('the reference lists every top-level config field with its default', () => {
  const { markdown } = generateConfigReference();
  for (const key of Object.keys(ExperimentConfigSchema.shape)) expect(markdown).toContain(`| \`${key}\` |`);
  expect(markdown).toMatch(/\| `seed` \| integer \| {2}\| `42` \|/);
});
