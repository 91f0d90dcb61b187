/**
 * Loading a registered model back and predicting on new text in one call:
 *
 *   const model = await loadRegisteredModel(store, 'sentiment-demo');   // or an entry URI / key / ArtifactRef
 *   const out = await model.predict(['what a great film']);            // [{label, probabilities}]
 *   model.close();
 *
 * Members are loaded with lib/models `loadTrainedModel` (any family) (each checkpoint
 * verified against its sha256) and combined with the entry's ensemble spec
 * by the same code the evaluation used (ensemble-spec.ts).
 */
import type { ArtifactRef } from '../core/artifact-ref';
import { ArtifactNotFoundError, DataError } from '../core/errors';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { readArtifact } from '../artifacts/content-addressed';
import { argmaxRows } from '../metrics/classification';
import { loadTrainedModel } from '../models/load-trained-model';
import { readBaseModelFiles } from '../models/pretrained/base-model-registry';
import { combineMembers } from '../ensemble/ensemble-spec';
import { LatestPointerSchema, RegistryEntrySchema, registryKeys, type RegistryEntry } from './registry-entry';

/** One prediction: the argmax label and the probability of every label. */
export interface Prediction {
  label: string;
  probabilities: Record<string, number>;
}

/** A loaded registered model. Call `close()` to free the tfjs models. */
export interface RegisteredModel {
  entry: RegistryEntry;
  /** Key of the entry in the store. */
  key: string;
  labels: string[];
  predict(texts: string[]): Promise<Prediction[]>;
  close(): void;
}

async function readJson(store: ArtifactStore, key: string, what: string): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key);
  } catch (err) {
    if (err instanceof ArtifactNotFoundError)
      throw new ArtifactNotFoundError(
        `${what} not found at ${store.uriFor(key)}; check the experiment name or entry URI (has the run finished?)`,
        { key },
      );
    throw err;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new DataError(`${what} at ${store.uriFor(key)} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * The entry key for `target`: an ArtifactRef, a store URI (`s3://...`), a key
 * ending in `.json`, or an experiment name (resolved through its latest.json).
 */
export async function resolveEntryKey(store: ArtifactStore, target: string | ArtifactRef): Promise<string> {
  if (typeof target !== 'string') return store.keyFor(target.uri);
  if (/^[a-z0-9]+:\/\//i.test(target)) return store.keyFor(target);
  if (target.endsWith('.json')) return target;
  const { latestKey } = registryKeys(target, 'latest');
  const pointer = LatestPointerSchema.safeParse(
    await readJson(store, latestKey, `latest registry pointer of experiment "${target}"`),
  );
  if (!pointer.success)
    throw new DataError(`${store.uriFor(latestKey)} is not a registry pointer: ${pointer.error.message}`);
  return pointer.data.key;
}

/** Reads and validates the registry entry `target` names (see {@link resolveEntryKey}). */
export async function readRegistryEntry(
  store: ArtifactStore,
  target: string | ArtifactRef,
): Promise<{ key: string; entry: RegistryEntry }> {
  const key = await resolveEntryKey(store, target);
  const parsed = RegistryEntrySchema.safeParse(await readJson(store, key, 'registry entry'));
  if (!parsed.success)
    throw new DataError(`${store.uriFor(key)} is not a valid registry entry: ${parsed.error.message}`);
  return { key, entry: parsed.data };
}

/**
 * Loads the registered model `target` names, ready to predict.
 * @throws ArtifactNotFoundError for an unknown experiment/entry; DataError for a corrupt entry or members whose labels differ.
 */
export async function loadRegisteredModel(
  store: ArtifactStore,
  target: string | ArtifactRef,
): Promise<RegisteredModel> {
  const { key, entry } = await readRegistryEntry(store, target);
  const loaded: { id: string; model: Awaited<ReturnType<typeof loadTrainedModel>> }[] = [];
  try {
    for (const m of entry.members) {
      const model = await loadTrainedModel(await readArtifact(store, m.model), {
        readBaseFiles: (ref) => readBaseModelFiles(store, ref),
      });
      loaded.push({ id: m.trialId, model });
      if (model.labels.join('\u0000') !== entry.labels.join('\u0000'))
        throw new DataError(
          `member ${m.trialId} predicts labels [${model.labels.join(', ')}], the entry says [${entry.labels.join(', ')}]`,
        );
    }
  } catch (err) {
    loaded.forEach((l) => l.model.close());
    throw err;
  }
  return {
    entry,
    key,
    labels: entry.labels.slice(),
    predict: async (texts) => {
      if (texts.length === 0) return [];
      const members = await Promise.all(
        loaded.map(async (l) => ({ id: l.id, probabilities: await l.model.predict(texts) })),
      );
      const probabilities = combineMembers(entry.ensemble, members);
      const winners = argmaxRows(probabilities);
      return probabilities.map((row, i) => ({
        label: entry.labels[winners[i]],
        probabilities: Object.fromEntries(entry.labels.map((l, c) => [l, row[c]])),
      }));
    },
    close: () => loaded.forEach((l) => l.model.close()),
  };
}
