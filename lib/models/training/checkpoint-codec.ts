/**
 * Self-describing checkpoint container: one binary blob that holds a JSON
 * header and the raw bytes of named tensors.
 *
 * Layout (little-endian):
 *   bytes 0..7   magic "FFCKPT01"
 *   bytes 8..11  u32 header length H
 *   bytes 12..   H bytes of UTF-8 JSON: { ...header, tensors: TensorSpec[] }
 *   padding to a multiple of 4, then each tensor's values back to back
 *   (float32 or int32, 4 bytes per element) in `tensors` order.
 *
 * Deterministic: the same header and tensor values always give the same bytes,
 * so content-addressed storage deduplicates identical checkpoints.
 */

const MAGIC = 'FFCKPT01';

/** Description of one stored tensor; `offset` is in bytes from the data start. */
export interface TensorSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  offset: number;
}

/** A named tensor's plain values, as read from / written to a checkpoint. */
export interface NamedArray {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

/** Packs a JSON-safe header and tensors into checkpoint bytes. */
export function encodeCheckpoint(header: Record<string, unknown>, tensors: readonly NamedArray[]): Uint8Array {
  let offset = 0;
  const specs: TensorSpec[] = tensors.map((t) => {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.values.length)
      throw new Error(`tensor ${t.name}: shape [${t.shape}] does not match ${t.values.length} values`);
    const spec = { name: t.name, shape: t.shape.slice(), dtype: t.dtype, offset };
    offset += t.values.length * 4;
    return spec;
  });
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, tensors: specs }));
  const dataStart = align4(12 + headerBytes.length);
  const out = new Uint8Array(dataStart + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  tensors.forEach((t, i) => {
    const bytes = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
    out.set(bytes, dataStart + specs[i].offset);
  });
  return out;
}

/**
 * Unpacks checkpoint bytes. Throws a descriptive Error if the magic, header or
 * tensor extents are invalid (truncated or foreign bytes).
 */
export function decodeCheckpoint<H extends Record<string, unknown>>(
  bytes: Uint8Array,
): { header: H; tensors: NamedArray[] } {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new Error('not a finetune-flow checkpoint (bad magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new Error('checkpoint truncated (header)');
  const parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as H & {
    tensors: TensorSpec[];
  };
  const dataStart = align4(12 + headerLength);
  const tensors = parsed.tensors.map((spec) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const start = dataStart + spec.offset;
    if (start + size * 4 > bytes.length) throw new Error(`checkpoint truncated (tensor ${spec.name})`);
    // Copy into an aligned buffer: the input may sit at any byte offset.
    const copy = bytes.slice(start, start + size * 4).buffer;
    const values = spec.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
    return { name: spec.name, shape: spec.shape, dtype: spec.dtype, values };
  });
  const { tensors: _specs, ...header } = parsed;
  return { header: header as unknown as H, tensors };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
