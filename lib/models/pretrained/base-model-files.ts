import { ConfigError } from '../../core/errors';
import { parseBertConfig, type BertConfig } from './bert-config';
import { BertTokenizer } from './bert-tokenizer';
import { readSafetensors, type SafeTensor } from './safetensors';

/** A Hugging Face model folder's files as relative path -> bytes (from disk or the base-model registry). */
export type BaseModelFiles = ReadonlyMap<string, Uint8Array>;

/** A base model ready to build an encoder from: its config, tokenizer, tensors and own pooling. */
export interface OpenedBaseModel {
  readonly config: BertConfig;
  readonly tokenizer: BertTokenizer;
  /** Every tensor of model.safetensors, names without a leading `bert.`. */
  readonly tensors: ReadonlyMap<string, SafeTensor>;
  /** sentence-transformers pooling (1_Pooling/config.json): `mean` when it says mean tokens, else `cls`. */
  readonly pooling: 'mean' | 'cls';
}

function json(files: BaseModelFiles, path: string, required: boolean): unknown {
  const bytes = files.get(path);
  if (!bytes) {
    if (required) throw new ConfigError(`the base model has no ${path}; import a complete Hugging Face folder`);
    return undefined;
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

/** The pooling a model's sentence-transformers config names (`cls` when it names none). */
export function poolingOf(files: BaseModelFiles): 'mean' | 'cls' {
  const p = json(files, '1_Pooling/config.json', false) as { pooling_mode_mean_tokens?: boolean } | undefined;
  return p?.pooling_mode_mean_tokens ? 'mean' : 'cls';
}

/**
 * Parses config.json, tokenizer.json (+ tokenizer_config.json) and model.safetensors.
 * @throws ConfigError naming the file when one is missing, unreadable or of an unsupported architecture.
 */
export function openBaseModel(files: BaseModelFiles): OpenedBaseModel {
  const config = parseBertConfig(json(files, 'config.json', true), 'config.json');
  const tokenizer = new BertTokenizer(
    json(files, 'tokenizer.json', true),
    json(files, 'tokenizer_config.json', false),
    'tokenizer.json',
  );
  const weights = files.get('model.safetensors');
  if (!weights) throw new ConfigError('the base model has no model.safetensors; import a complete Hugging Face folder');
  const raw = readSafetensors(weights, 'model.safetensors');
  const tensors = new Map<string, SafeTensor>();
  for (const [name, t] of raw) tensors.set(name.startsWith('bert.') ? name.slice(5) : name, t);
  return { config, tokenizer, tensors, pooling: poolingOf(files) };
}
