/**
 * Registry entries: the model a run chose (its best single trial or its
 * ensemble) with metrics, config, data lineage and code version, under a
 * STABLE key (not content-addressed) so people and tools can find it:
 *
 *   registry/<experiment>/<runId>/entry.json   the entry
 *   registry/<experiment>/latest.json          pointer to the newest entry
 *
 * Writing is idempotent (same entry -> same bytes; no clock inside), so a
 * retried activity rewrites identical objects. The zod schema is the
 * contract readers validate against.
 */
import { z } from 'zod';
import { ArtifactRefSchema, type ArtifactRef } from '../core/artifact-ref';
import { ConfigError } from '../core/errors';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { sha256Hex } from '../artifacts/content-addressed';
import { EnsembleSpecSchema } from '../ensemble/ensemble-spec';

export const REGISTRY_ENTRY_VERSION = 1;

const SLUG = /^[a-z0-9][a-z0-9._-]{0,127}$/i;

export const RegistryEntrySchema = z.object({
  schemaVersion: z.literal(REGISTRY_ENTRY_VERSION),
  experiment: z.string().regex(SLUG),
  runId: z.string().regex(SLUG),
  labels: z.array(z.string()).min(2),
  chosen: z.enum(['ensemble', 'single']),
  /** How member probabilities combine (a single model: method 'single', one member of weight 1). */
  ensemble: EnsembleSpecSchema,
  /** Every member's model checkpoint, by trial id. */
  members: z.array(z.object({ trialId: z.string(), weight: z.number(), model: ArtifactRefSchema, params: z.record(z.string(), z.unknown()) })).min(1),
  metrics: z.object({
    selectionMetric: z.string(),
    validation: z.object({ chosen: z.number(), bestSingle: z.number(), ensemble: z.number() }),
    test: z.record(z.string(), z.unknown()),
  }),
  config: z.record(z.string(), z.unknown()),
  lineage: z.object({
    source: z.unknown(),
    splits: z.record(z.string(), ArtifactRefSchema),
    evaluation: ArtifactRefSchema,
    summary: ArtifactRefSchema.optional(),
  }),
  codeVersion: z.string().min(1),
});
export type RegistryEntry = z.infer<typeof RegistryEntrySchema>;

/** Pointer at `registry/<experiment>/latest.json`. */
export const LatestPointerSchema = z.object({ experiment: z.string(), runId: z.string(), key: z.string(), uri: z.string(), sha256: z.string() });
export type LatestPointer = z.infer<typeof LatestPointerSchema>;

/** The stable keys of an entry and of its experiment's latest pointer. */
export function registryKeys(experiment: string, runId: string): { entryKey: string; latestKey: string } {
  if (!SLUG.test(experiment)) throw new ConfigError(`experiment "${experiment}" is not a valid registry name: use letters, digits, '.', '_' and '-'`);
  if (!SLUG.test(runId)) throw new ConfigError(`runId "${runId}" is not a valid registry name: use letters, digits, '.', '_' and '-'`);
  return { entryKey: `registry/${experiment}/${runId}/entry.json`, latestKey: `registry/${experiment}/latest.json` };
}

/** What {@link writeRegistryEntry} wrote. */
export interface WrittenEntry {
  entry: ArtifactRef;
  entryKey: string;
  latestKey: string;
}

const encodeJson = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * Validates and writes `entry`, then points `latest.json` at it (the pointer
 * is written last, so it never names a missing entry).
 * @throws ZodError-derived ConfigError when the entry does not match the schema.
 */
export async function writeRegistryEntry(store: ArtifactStore, entry: RegistryEntry): Promise<WrittenEntry> {
  const parsed = RegistryEntrySchema.safeParse(entry);
  if (!parsed.success) throw new ConfigError(`registry entry is invalid: ${parsed.error.message}`);
  const { entryKey, latestKey } = registryKeys(entry.experiment, entry.runId);
  const body = encodeJson(parsed.data);
  await store.put(entryKey, body, { contentType: 'application/json' });
  const ref: ArtifactRef = { uri: store.uriFor(entryKey), sha256: sha256Hex(body), bytes: body.byteLength, kind: 'manifest' };
  const pointer: LatestPointer = { experiment: entry.experiment, runId: entry.runId, key: entryKey, uri: ref.uri, sha256: ref.sha256 };
  await store.put(latestKey, encodeJson(pointer), { contentType: 'application/json' });
  return { entry: ref, entryKey, latestKey };
}
