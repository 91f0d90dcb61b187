/**
 * Registry entries: the model a run chose (its best single trial or its
 * ensemble) with metrics, config, data lineage and code version, under a
 * STABLE key (not content-addressed) so people and tools can find it:
 *
 *   registry/<experiment>/<runId>/entry.json      the entry (version 1)
 *   registry/<experiment>/<runId>/v<N>/entry.json  version N >= 2 (only with onExisting 'newVersion')
 *   registry/<experiment>/latest.json             pointer to the newest entry
 *
 * Entries are lineage records and immutable: an entry with different bytes is
 * never overwritten. Writing is idempotent (same entry -> same bytes; no clock
 * inside), so a retried activity finds its own identical entry and succeeds.
 * The zod schema is the contract readers validate against.
 */
import { z } from 'zod';
import { ArtifactRefSchema, type ArtifactRef } from '../core/artifact-ref';
import { ConfigError } from '../core/errors';
import { assertValidRunId } from '../core/run-id';
import type { OnExisting } from './on-existing';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { MAX_WRITE_ONCE_VERSIONS, writeOnce } from '../artifacts/write-once';
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
  members: z
    .array(
      z.object({
        trialId: z.string(),
        weight: z.number(),
        model: ArtifactRefSchema,
        params: z.record(z.string(), z.unknown()),
      }),
    )
    .min(1),
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
export const LatestPointerSchema = z.object({
  experiment: z.string(),
  runId: z.string(),
  key: z.string(),
  uri: z.string(),
  sha256: z.string(),
});
export type LatestPointer = z.infer<typeof LatestPointerSchema>;

/** The stable keys of an entry and of its experiment's latest pointer. */
export function registryKeys(experiment: string, runId: string): { entryKey: string; latestKey: string } {
  if (!SLUG.test(experiment))
    throw new ConfigError(
      `experiment "${experiment}" is not a valid registry name: use letters, digits, '.', '_' and '-'`,
    );
  assertValidRunId(runId, 'runId');
  return { entryKey: `registry/${experiment}/${runId}/entry.json`, latestKey: `registry/${experiment}/latest.json` };
}

/** The key of version `version` (1-based) of a run's entry; version 1 is the historical `entry.json`. */
export function registryEntryKey(experiment: string, runId: string, version: number): string {
  const { entryKey } = registryKeys(experiment, runId);
  return version === 1 ? entryKey : entryKey.replace(/entry\.json$/, `v${version}/entry.json`);
}

/** What {@link writeRegistryEntry} wrote. */
export interface WrittenEntry {
  entry: ArtifactRef;
  entryKey: string;
  latestKey: string;
}

const encodeJson = (value: unknown): Uint8Array => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * Validates and writes `entry` without overwriting another entry (see
 * `writeOnce`: identical bytes are a no-op, different ones refused or versioned), then points `latest.json` at it (the pointer is written
 * last, so it never names a missing entry).
 * @throws ConfigError when the entry does not match the schema, or when the run
 *   already has a different entry and `onExisting` is 'refuse' (the default).
 */
export async function writeRegistryEntry(
  store: ArtifactStore,
  entry: RegistryEntry,
  onExisting: OnExisting = 'refuse',
): Promise<WrittenEntry> {
  const parsed = RegistryEntrySchema.safeParse(entry);
  if (!parsed.success) throw new ConfigError(`registry entry is invalid: ${parsed.error.message}`);
  const { latestKey } = registryKeys(entry.experiment, entry.runId);
  const body = encodeJson(parsed.data);
  const { runId } = parsed.data;
  // Registry entries are lineage records: never overwritten by different bytes (an activity retry rewrites the same bytes).
  const { key: entryKey } = await writeOnce(store, {
    key: registryEntryKey(entry.experiment, runId, 1),
    body,
    contentType: 'application/json',
    versionKey: onExisting === 'newVersion' ? (v) => registryEntryKey(entry.experiment, runId, v) : undefined,
    conflict: (uri) =>
      new ConfigError(
        `Run ${runId} already has a registry entry with different content at ${uri}; registry entries are lineage records and are never overwritten. ` +
          'Start the run with a new id, or set registry.onExisting: newVersion in the config to write a new version (registry/<name>/<runId>/v2/entry.json) beside it.',
        { field: 'registry.onExisting', existing: uri },
      ),
    tooManyVersions: () =>
      new ConfigError(
        `Run ${runId} already has ${MAX_WRITE_ONCE_VERSIONS} registry entries; start the run with a new id`,
      ),
  });
  const ref: ArtifactRef = {
    uri: store.uriFor(entryKey),
    sha256: sha256Hex(body),
    bytes: body.byteLength,
    kind: 'manifest',
  };
  const pointer: LatestPointer = {
    experiment: entry.experiment,
    runId: entry.runId,
    key: entryKey,
    uri: ref.uri,
    sha256: ref.sha256,
  };
  await store.put(latestKey, encodeJson(pointer), { contentType: 'application/json' });
  return { entry: ref, entryKey, latestKey };
}
