import type { ArtifactStore } from '../../artifacts/artifact-store';
import { sha256Hex } from '../../artifacts/content-addressed';
import { writeOnce } from '../../artifacts/write-once';
import { ArtifactNotFoundError, ConfigError } from '../../core/errors';
import { assertBertTensorShapes, parseBertConfig } from './bert-config';
import { readSafetensorsHeader } from './safetensors';

/**
 * The base-model registry in the artifact store: every file of a Hugging Face
 * model folder stored once under its sha256 (`base-models/blobs/<sha256>`,
 * shared between models), and per name a manifest
 * (`base-models/<name>/manifest.json`, write-once) listing the files with
 * their hashes, the architecture, the parameter count, the tokenizer kind and
 * the pooling the model's own sentence-transformers config asks for. Configs
 * name a base model by its registry name; workers read it back by hash, so a
 * resumed trial can check it trains on the same bytes.
 */
export const BASE_MODELS_PREFIX = 'base-models';
export const BASE_MODEL_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const FORMAT = 'finetune-flow/base-model@1';

/** Files of the Hugging Face layout the loader uses; others in the folder are not stored. */
const REQUIRED_FILES = ['config.json', 'model.safetensors', 'tokenizer.json'] as const;
const OPTIONAL_FILES = ['tokenizer_config.json', 'vocab.txt', 'special_tokens_map.json', '1_Pooling/config.json'];

export interface BaseModelFile {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

export interface BaseModelManifest {
  readonly format: typeof FORMAT;
  readonly name: string;
  readonly architecture: 'bert';
  readonly layers: number;
  readonly hidden: number;
  readonly heads: number;
  readonly vocabSize: number;
  readonly maxPositions: number;
  /** Float parameters in model.safetensors. */
  readonly parameters: number;
  /** tokenizer.json's model type (WordPiece for BERT). */
  readonly tokenizer: string;
  /** sentence-transformers pooling of the model (1_Pooling/config.json), `cls` when it has none. */
  readonly pooling: 'mean' | 'cls';
  readonly files: readonly BaseModelFile[];
}

export interface ImportedBaseModel {
  manifest: BaseModelManifest;
  manifestUri: string;
  /** Blobs uploaded now (the others were in the store already). */
  uploaded: number;
  /** False when the same manifest was already registered. */
  written: boolean;
}

const manifestKey = (name: string) => `${BASE_MODELS_PREFIX}/${name}/manifest.json`;
const blobKey = (sha256: string) => `${BASE_MODELS_PREFIX}/blobs/${sha256}`;

function parseJsonFile(bytes: Uint8Array, file: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

/**
 * Checks a model folder's files (given as relative path -> bytes) and builds
 * its manifest: config.json must be a supported architecture, model.safetensors
 * must hold every tensor config.json implies with the right shape, tokenizer.json
 * must be present. Nothing is read beyond the safetensors header.
 * @throws ConfigError naming the file and the fix.
 */
export function describeBaseModel(
  name: string,
  files: ReadonlyMap<string, Uint8Array>,
  source: string,
): BaseModelManifest {
  if (!BASE_MODEL_NAME.test(name)) {
    throw new ConfigError(
      `base model name ${JSON.stringify(name)} is not valid: use lowercase letters, digits, '.', '_' and '-' (e.g. all-minilm-l6-v2)`,
    );
  }
  for (const required of REQUIRED_FILES) {
    if (!files.has(required)) {
      throw new ConfigError(
        `${source}: ${required} is missing; a base model folder needs ${REQUIRED_FILES.join(', ')} (the Hugging Face layout)`,
      );
    }
  }
  const config = parseBertConfig(
    parseJsonFile(files.get('config.json')!, `${source}/config.json`),
    `${source}/config.json`,
  );
  const weightsFile = `${source}/model.safetensors`;
  const header = readSafetensorsHeader(files.get('model.safetensors')!, weightsFile);
  const names = new Map([...header].map(([n, e]) => [n.replace(/^bert\./, ''), e]));
  assertBertTensorShapes(config, (name) => names.get(name)?.shape, weightsFile);
  const parameters = [...header.values()]
    .filter((e) => ['F32', 'F16', 'BF16'].includes(e.dtype))
    .reduce((sum, e) => sum + e.shape.reduce((a, b) => a * b, 1), 0);
  const tokenizerJson = parseJsonFile(files.get('tokenizer.json')!, `${source}/tokenizer.json`) as {
    model?: { type?: string };
  };
  const poolingBytes = files.get('1_Pooling/config.json');
  const pooling = poolingBytes
    ? (parseJsonFile(poolingBytes, `${source}/1_Pooling/config.json`) as { pooling_mode_mean_tokens?: boolean })
        .pooling_mode_mean_tokens
      ? 'mean'
      : 'cls'
    : 'cls';
  const stored = [...REQUIRED_FILES, ...OPTIONAL_FILES].filter((p) => files.has(p));
  return {
    format: FORMAT,
    name,
    architecture: 'bert',
    layers: config.num_hidden_layers,
    hidden: config.hidden_size,
    heads: config.num_attention_heads,
    vocabSize: config.vocab_size,
    maxPositions: config.max_position_embeddings,
    parameters,
    tokenizer: tokenizerJson.model?.type ?? 'unknown',
    pooling,
    files: stored.map((path) => ({ path, sha256: sha256Hex(files.get(path)!), bytes: files.get(path)!.byteLength })),
  };
}

/**
 * Registers a model folder under `name`: uploads each file not yet in the
 * store (content-addressed, so importing twice uploads nothing) and writes the
 * manifest once. Importing different files under a taken name is refused.
 */
export async function importBaseModel(
  store: ArtifactStore,
  name: string,
  files: ReadonlyMap<string, Uint8Array>,
  source: string,
): Promise<ImportedBaseModel> {
  const manifest = describeBaseModel(name, files, source);
  let uploaded = 0;
  for (const file of manifest.files) {
    const key = blobKey(file.sha256);
    if ((await store.head(key))?.bytes === file.bytes) continue;
    await store.put(key, files.get(file.path)!);
    uploaded++;
  }
  const { written } = await writeOnce(store, {
    key: manifestKey(name),
    body: new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'),
    contentType: 'application/json',
    conflict: (uri) =>
      new ConfigError(
        `base model ${name} is already registered with other files (${uri}); import these under another name`,
      ),
  });
  return { manifest, manifestUri: store.uriFor(manifestKey(name)), uploaded, written };
}

/** Names of the registered base models, sorted. */
export async function listBaseModels(store: ArtifactStore): Promise<string[]> {
  const keys = await store.list(`${BASE_MODELS_PREFIX}/`);
  return keys
    .map((k) => /^base-models\/([^/]+)\/manifest\.json$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined && n !== 'blobs')
    .sort();
}

/** Edit distance (insertions, deletions, substitutions), for "did you mean". */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = up;
    }
  }
  return row[b.length];
}

/**
 * The manifest of `name`.
 * @throws ArtifactNotFoundError (non-retryable) naming the registered models closest to `name`.
 */
export async function readBaseModelManifest(store: ArtifactStore, name: string): Promise<BaseModelManifest> {
  if (!(await store.head(manifestKey(name)))) {
    const known = await listBaseModels(store);
    const close = known
      .map((k) => ({ k, d: editDistance(k, name) }))
      .filter(({ d, k }) => d <= Math.max(2, Math.floor(k.length / 3)))
      .sort((x, y) => x.d - y.d)
      .map(({ k }) => k);
    throw new ArtifactNotFoundError(
      `base model ${JSON.stringify(name)} is not registered` +
        (close.length ? `; did you mean ${close.slice(0, 3).join(', ')}?` : '') +
        (known.length ? ` Registered: ${known.join(', ')}.` : ' No base model is registered yet.') +
        ' Add one with: cli models import <folder> --name <name>',
    );
  }
  return JSON.parse(new TextDecoder().decode(await store.get(manifestKey(name)))) as BaseModelManifest;
}

/** The bytes of one of a registered model's files, checked against its manifest hash. */
export async function readBaseModelFile(
  store: ArtifactStore,
  manifest: BaseModelManifest,
  path: string,
): Promise<Uint8Array> {
  const file = manifest.files.find((f) => f.path === path);
  if (!file) throw new ConfigError(`base model ${manifest.name} has no ${path}`);
  const bytes = await store.get(blobKey(file.sha256));
  if (sha256Hex(bytes) !== file.sha256) {
    throw new ConfigError(
      `base model ${manifest.name}: ${path} in the store does not match its manifest hash ${file.sha256}; import the model again`,
    );
  }
  return bytes;
}

/** What a trial records of its base model: the registry name and each file's hash. */
export function baseModelRef(manifest: BaseModelManifest): { name: string; files: { path: string; sha256: string }[] } {
  return { name: manifest.name, files: manifest.files.map((f) => ({ path: f.path, sha256: f.sha256 })) };
}

/**
 * Every file of a base model by the hashes `ref` records (content-addressed blobs, so a model
 * re-imported under its name with other files cannot change what a saved checkpoint loads).
 * @throws ConfigError when a blob is missing or does not match its hash.
 */
export async function readBaseModelFiles(
  store: ArtifactStore,
  ref: { name: string; files: readonly { path: string; sha256: string }[] },
): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const f of ref.files) {
    const key = blobKey(f.sha256);
    if (!(await store.head(key)))
      throw new ConfigError(
        `base model ${ref.name}: ${f.path} (sha256 ${f.sha256}) is not in the store; import the model again (cli models import)`,
      );
    const bytes = await store.get(key);
    if (sha256Hex(bytes) !== f.sha256)
      throw new ConfigError(
        `base model ${ref.name}: ${f.path} in the store does not match its hash ${f.sha256}; import the model again`,
      );
    out[f.path] = bytes;
  }
  return out;
}
