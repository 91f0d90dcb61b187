import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBertConfig, bertTensorShapes } from '../../lib/models/pretrained/bert-config';
import { createRng } from '../../lib/core/rng';
import { MINILM_FOLDER } from './base-models';

/**
 * A tiny random BERT (2 layers, hidden 16, 2 heads) in the Hugging Face layout, with
 * MiniLM's real tokenizer.json (so tokenization is the real WordPiece): fast enough for
 * unit tests of fine-tuning. Weights are seeded N(0, 0.05), LayerNorm scales 1.
 */
export function tinyBertFiles(seed = 1): Record<string, Uint8Array> {
  const config = {
    model_type: 'bert',
    vocab_size: 30522,
    hidden_size: 16,
    num_hidden_layers: 2,
    num_attention_heads: 2,
    intermediate_size: 32,
    max_position_embeddings: 64,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    hidden_act: 'gelu',
  };
  const shapes = bertTensorShapes(parseBertConfig(config, 'config.json'));
  const rng = createRng(seed);
  const header: Record<string, unknown> = {};
  const blocks: Float32Array[] = [];
  let offset = 0;
  for (const [name, shape] of shapes) {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Float32Array.from({ length: n }, () =>
      name.endsWith('LayerNorm.weight') ? 1 : name.endsWith('bias') ? 0 : (rng.next() - 0.5) * 0.1,
    );
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + n * 4] };
    offset += n * 4;
    blocks.push(values);
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const safetensors = new Uint8Array(8 + json.length + offset);
  new DataView(safetensors.buffer).setBigUint64(0, BigInt(json.length), true);
  safetensors.set(json, 8);
  let at = 8 + json.length;
  for (const b of blocks) {
    safetensors.set(new Uint8Array(b.buffer), at);
    at += b.byteLength;
  }
  const read = (f: string) => new Uint8Array(readFileSync(join(MINILM_FOLDER, f)));
  return {
    'config.json': new TextEncoder().encode(JSON.stringify(config)),
    'model.safetensors': safetensors,
    'tokenizer.json': read('tokenizer.json'),
    'tokenizer_config.json': read('tokenizer_config.json'),
    '1_Pooling/config.json': read('1_Pooling/config.json'),
  };
}

/** The base-model reference a trainer input carries for {@link tinyBertFiles}. */
export function tinyBertRef(files: Record<string, Uint8Array>, name = 'tiny-bert') {
  return {
    name,
    files: Object.entries(files).map(([path, bytes]) => ({
      path,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    })),
  };
}
