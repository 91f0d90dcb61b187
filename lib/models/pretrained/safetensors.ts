import { ConfigError } from '../../core/errors';

/**
 * Reader of the safetensors format (Hugging Face): 8 bytes little-endian
 * header length N, N bytes of JSON `{name: {dtype, shape, data_offsets:
 * [begin, end]}, __metadata__?}`, then the tensor bytes, offsets relative to
 * the end of the header. F32, F16 and BF16 tensors are read (as float32);
 * anything else, and every inconsistency, is a ConfigError naming the file,
 * the tensor and the fix, raised before any weight is used.
 */
export interface SafeTensor {
  readonly dtype: 'F32' | 'F16' | 'BF16';
  readonly shape: readonly number[];
  /** Values as float32, row-major. */
  readonly values: Float32Array;
}

const FLOAT_BYTES: Record<SafeTensor['dtype'], number> = { F32: 4, F16: 2, BF16: 2 };
/** Sizes of every dtype the format defines, to check offsets of tensors that are not read (e.g. I64 buffers). */
const BYTES: Record<string, number> = {
  ...FLOAT_BYTES,
  F64: 8,
  I64: 8,
  U64: 8,
  I32: 4,
  U32: 4,
  I16: 2,
  U16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** float16 bits to a number (IEEE 754 half precision, subnormals and inf/NaN included). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Parses only the header (names, dtypes, shapes), validating it against the file size. */
export function readSafetensorsHeader(bytes: Uint8Array, file: string): Map<string, HeaderEntry> {
  if (bytes.byteLength < 8)
    throw new ConfigError(`${file}: ${bytes.byteLength} bytes is too short for a safetensors file (truncated?)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.byteLength) {
    throw new ConfigError(
      `${file}: the safetensors header claims ${headerLength} bytes but the file has ${bytes.byteLength - 8} after the length; the file is truncated or not safetensors — copy it again`,
    );
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (err) {
    throw new ConfigError(`${file}: the safetensors header is not valid JSON (${(err as Error).message})`);
  }
  const dataBytes = bytes.byteLength - 8 - headerLength;
  const entries = new Map<string, HeaderEntry>();
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const entry = raw as HeaderEntry;
    if (!(entry.dtype in BYTES)) {
      throw new ConfigError(
        `${file}: tensor ${name} has dtype ${entry.dtype}, which is not a safetensors dtype; the file is corrupt`,
      );
    }
    const [begin, end] = entry.data_offsets ?? [];
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (!(begin >= 0 && end >= begin && end <= dataBytes) || end - begin !== count * BYTES[entry.dtype]) {
      throw new ConfigError(
        `${file}: tensor ${name} (${entry.dtype} ${JSON.stringify(entry.shape)}) has data offsets [${begin}, ${end}] outside or inconsistent with the ${dataBytes} data bytes; the file is truncated or corrupt — copy it again`,
      );
    }
    entries.set(name, entry);
  }
  return entries;
}

/**
 * The tensors `names` of a safetensors file (default: every float tensor), as float32.
 * @throws ConfigError naming the tensor when one is missing or not F32/F16/BF16.
 */
export function readSafetensors(bytes: Uint8Array, file: string, names?: readonly string[]): Map<string, SafeTensor> {
  const header = readSafetensorsHeader(bytes, file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const base = 8 + Number(view.getBigUint64(0, true));
  const wanted = names ?? [...header].filter(([, e]) => e.dtype in FLOAT_BYTES).map(([n]) => n);
  for (const name of wanted) {
    const e = header.get(name);
    if (!e)
      throw new ConfigError(
        `${file}: tensor ${name} is missing; the checkpoint is not a complete model of this architecture`,
      );
    if (!(e.dtype in FLOAT_BYTES)) {
      throw new ConfigError(
        `${file}: tensor ${name} has dtype ${e.dtype}; supported are F32, F16 and BF16 (convert the checkpoint, e.g. to fp32)`,
      );
    }
  }
  const out = new Map<string, SafeTensor>();
  const bits = new Uint32Array(1);
  const asFloat = new Float32Array(bits.buffer);
  for (const name of wanted) {
    const e = header.get(name)!;
    const dtype = e.dtype as SafeTensor['dtype'];
    const n = e.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n);
    const at = base + e.data_offsets[0];
    for (let i = 0; i < n; i++) {
      if (dtype === 'F32') values[i] = view.getFloat32(at + 4 * i, true);
      else if (dtype === 'F16') values[i] = halfToFloat(view.getUint16(at + 2 * i, true));
      else {
        bits[0] = view.getUint16(at + 2 * i, true) << 16; // bfloat16 is the top half of a float32
        values[i] = asFloat[0];
      }
    }
    out.set(name, { dtype, shape: e.shape, values });
  }
  return out;
}
