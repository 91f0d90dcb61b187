import { ArtifactIntegrityError } from '../../core/errors';
import type { TfidfLinearModel } from './tfidf-linear-model';

/**
 * Bytes of a {@link TfidfLinearModel}: UTF-8 JSON in which every weight
 * array is a little-endian float32 block in base64 (`{"$f32": "..."}`), so a
 * 500k-feature model is a few MB. Weights are fitted in float64 and stored
 * in float32: predictions of a decoded model differ by ~1e-7, far below any
 * metric's resolution.
 */
const MAGIC = 'finetune-flow/tfidf-linear@1';

export function encodeTfidfLinear(model: TfidfLinearModel): Uint8Array {
  const json = JSON.stringify({ format: MAGIC, model }, (_, value: unknown) =>
    value instanceof Float64Array || value instanceof Float32Array
      ? { $f32: Buffer.from(Float32Array.from(value).buffer).toString('base64') }
      : value,
  );
  return new TextEncoder().encode(json);
}

export function decodeTfidfLinear(bytes: Uint8Array): TfidfLinearModel {
  let parsed: { format?: unknown; model?: TfidfLinearModel };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes), (_, value: unknown) => {
      if (value && typeof value === 'object' && '$f32' in value) {
        const raw = Buffer.from((value as { $f32: string }).$f32, 'base64');
        return Float64Array.from(new Float32Array(Uint8Array.from(raw).buffer)); // copy: pooled Buffers are not 4-aligned
      }
      return value;
    }) as typeof parsed;
  } catch (err) {
    throw new ArtifactIntegrityError(`tfidf-linear model is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed.format !== MAGIC || parsed.model?.family !== 'tfidf-linear')
    throw new ArtifactIntegrityError(
      `not a tfidf-linear model (format ${JSON.stringify(parsed.format)}, expected ${MAGIC})`,
    );
  return parsed.model;
}
