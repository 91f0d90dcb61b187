import { parseBertConfig } from '../../../../lib/models/pretrained/bert-config';
import { readSafetensors } from '../../../../lib/models/pretrained/safetensors';

/** A safetensors file of the given header entries and data bytes. */
function file(header: Record<string, unknown>, data: Uint8Array, claimedLength?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(claimedLength ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

describe('readSafetensors', () => {
  it('reads F32, F16 and BF16 tensors as float32, and skips buffers it is not asked for', () => {
    const half = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x0001]).buffer); // 1, -2, smallest subnormal
    const bf16 = new Uint8Array(new Uint16Array([0x3f80, 0x4049]).buffer); // 1, 3.140625
    const i64 = new Uint8Array(16);
    const data = new Uint8Array([...f32([1.5, -2]), ...half, ...bf16, ...i64]);
    const bytes = file(
      {
        __metadata__: { format: 'pt' },
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        b: { dtype: 'F16', shape: [3], data_offsets: [8, 14] },
        c: { dtype: 'BF16', shape: [1, 2], data_offsets: [14, 18] },
        position_ids: { dtype: 'I64', shape: [2], data_offsets: [18, 34] },
      },
      data,
    );
    const t = readSafetensors(bytes, 'm.safetensors');
    expect([...t.keys()]).toEqual(['a', 'b', 'c']);
    expect([...t.get('a')!.values]).toEqual([1.5, -2]);
    expect([...t.get('b')!.values]).toEqual([1, -2, 2 ** -24]);
    expect([...t.get('c')!.values]).toEqual([1, 3.140625]);
    expect(t.get('c')!.shape).toEqual([1, 2]);
  });

  it.each([
    [
      'a truncated file',
      () => new Uint8Array(5),
      'm.safetensors: 5 bytes is too short for a safetensors file (truncated?)',
    ],
    [
      'a header length beyond the end of the file',
      () => file({}, new Uint8Array(0), 1_000_000),
      'm.safetensors: the safetensors header claims 1000000 bytes but the file has 2 after the length; the file is truncated or not safetensors — copy it again',
    ],
    [
      'tensor data cut off',
      () => file({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, f32([1, 2])),
      'm.safetensors: tensor a (F32 [4]) has data offsets [0, 16] outside or inconsistent with the 8 data bytes; the file is truncated or corrupt — copy it again',
    ],
  ])('refuses %s with a ConfigError naming the file', (_, bytes, message) => {
    expect(() => readSafetensors(bytes(), 'm.safetensors')).toThrow(message);
  });

  it('refuses a requested tensor of an unsupported dtype, and a missing one', () => {
    const bytes = file({ ids: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8));
    expect(() => readSafetensors(bytes, 'm.safetensors', ['ids'])).toThrow(
      'm.safetensors: tensor ids has dtype I64; supported are F32, F16 and BF16 (convert the checkpoint, e.g. to fp32)',
    );
    expect(() => readSafetensors(bytes, 'm.safetensors', ['embeddings.word_embeddings.weight'])).toThrow(
      'm.safetensors: tensor embeddings.word_embeddings.weight is missing; the checkpoint is not a complete model of this architecture',
    );
  });
});

describe('parseBertConfig', () => {
  it('refuses other architectures, naming the supported ones', () => {
    expect(() => parseBertConfig({ model_type: 'gpt2' }, 'config.json')).toThrow(
      'config.json: model_type "gpt2" is not supported; supported: bert (BERT-architecture checkpoints)',
    );
    expect(() => parseBertConfig({ model_type: 'bert', vocab_size: 10 }, 'config.json')).toThrow(
      /config\.json: hidden_size/,
    );
  });
});
