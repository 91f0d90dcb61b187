import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ArtifactStore } from '../lib/artifacts/artifact-store';
import { ConfigError } from '../lib/core/errors';
import { printable, printableJson } from '../lib/core/printable';
import {
  importBaseModel,
  listBaseModels,
  readBaseModelManifest,
  type BaseModelManifest,
} from '../lib/models/pretrained/base-model-registry';
import { loadWorkerEnv } from '../workers/worker-env';
import { s3StoreFromEnv } from '../workers/s3-store-from-env';

/** Files of a Hugging Face folder that `models import` reads (the registry keeps these). */
const FOLDER_FILES = [
  'config.json',
  'model.safetensors',
  'tokenizer.json',
  'tokenizer_config.json',
  'vocab.txt',
  'special_tokens_map.json',
  '1_Pooling/config.json',
];

/** The folder's known files, path -> bytes. @throws ConfigError when it is not a folder. */
export async function readModelFolder(folder: string): Promise<Map<string, Uint8Array>> {
  if (!existsSync(folder) || !(await stat(folder)).isDirectory()) {
    throw new ConfigError(
      `${folder} is not a folder; give a Hugging Face model folder (config.json, model.safetensors, tokenizer.json)`,
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const path of FOLDER_FILES) {
    const full = join(folder, path);
    if (existsSync(full)) files.set(path, new Uint8Array(await readFile(full)));
  }
  return files;
}

const size = (bytes: number) =>
  bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;

export function describeManifest(m: BaseModelManifest): string[] {
  return [
    `${m.name}: ${m.architecture}, ${m.layers} layers, hidden ${m.hidden}, ${m.heads} heads, vocab ${m.vocabSize}, max length ${m.maxPositions}`,
    `  ${(m.parameters / 1e6).toFixed(1)}M parameters, tokenizer ${m.tokenizer}, pooling ${m.pooling}`,
    ...m.files.map((f) => `  ${f.path.padEnd(24)} ${size(f.bytes).padStart(10)}  sha256 ${f.sha256}`),
  ];
}

/** `models import <folder> [--name]`: registers the folder's model in the store the workers read. */
export async function modelsImportCommand(
  folder: string,
  opts: { name?: string; json?: boolean },
  store?: ArtifactStore,
) {
  const s = store ?? s3StoreFromEnv(loadWorkerEnv());
  const name = opts.name ?? basename(folder.replace(/\/+$/, '')).toLowerCase();
  const t0 = Date.now();
  const result = await importBaseModel(s, name, await readModelFolder(folder), folder);
  if (opts.json) return console.log(printableJson(result, 2));
  console.log(
    printable(
      `${result.written ? 'Registered' : 'Already registered (same files)'} base model ${name} from ${folder}: ` +
        `${result.uploaded} of ${result.manifest.files.length} files uploaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    ),
  );
  for (const line of describeManifest(result.manifest)) console.log(printable(line));
  console.log(printable(`Manifest: ${result.manifestUri}`));
}

/** `models list`: the registered base models, one line each. */
export async function modelsListCommand(opts: { json?: boolean }, store?: ArtifactStore) {
  const s = store ?? s3StoreFromEnv(loadWorkerEnv());
  const names = await listBaseModels(s);
  const manifests = await Promise.all(names.map((n) => readBaseModelManifest(s, n)));
  if (opts.json) return console.log(printableJson(manifests, 2));
  if (manifests.length === 0)
    return console.log('No base model is registered. Add one with: cli models import <folder>');
  for (const m of manifests) console.log(printable(describeManifest(m)[0]));
}

/** `models show <name>`: one manifest in full. */
export async function modelsShowCommand(name: string, opts: { json?: boolean }, store?: ArtifactStore) {
  const s = store ?? s3StoreFromEnv(loadWorkerEnv());
  const manifest = await readBaseModelManifest(s, name);
  if (opts.json) return console.log(printableJson(manifest, 2));
  for (const line of describeManifest(manifest)) console.log(printable(line));
}
