import { ArtifactIntegrityError } from '../../core/errors';
import type { ClassifierEpochMetrics } from '../training/epoch-metrics';
import type { TfidfLinearModel } from './tfidf-linear-model';

/**
 * Bytes of a {@link TfidfLinearModel}: UTF-8 JSON in which every weight
 * array is a little-endian float32 block in base64 (`{"$f32": "..."}`), so a
 * 500k-feature model is a few MB. Weights are fitted in float64 and stored
 * in float32: predictions of a decoded model differ by ~1e-7, far below any
 * metric's resolution. A trainer's checkpoint is the same bytes with the
 * metric `history` of its fit beside the model.
 */
const MAGIC = 'finetune-flow/tfidf-linear@1';
const PREFIX = new TextEncoder().encode(`{"format":"${MAGIC}"`);

/** True when `bytes` start as {@link encodeTfidfLinear} writes them (a cheap sniff; decoding still checks everything). */
export function isTfidfLinearBytes(bytes: Uint8Array): boolean {
  return bytes.length >= PREFIX.length && PREFIX.every((b, i) => bytes[i] === b);
}

export function encodeTfidfLinear(model: TfidfLinearModel, history?: readonly ClassifierEpochMetrics[]): Uint8Array {
  const json = JSON.stringify({ format: MAGIC, model, ...(history ? { history } : {}) }, (_, value: unknown) =>
    value instanceof Float64Array || value instanceof Float32Array
      ? { $f32: Buffer.from(Float32Array.from(value).buffer).toString('base64') }
      : value,
  );
  return new TextEncoder().encode(json);
}

export function decodeTfidfLinear(bytes: Uint8Array): TfidfLinearModel {
  return decodeTfidfLinearCheckpoint(bytes).model;
}

/** The model and the metric history stored with it (empty when saved without one). */
export function decodeTfidfLinearCheckpoint(bytes: Uint8Array): {
  model: TfidfLinearModel;
  history: ClassifierEpochMetrics[];
} {
  let parsed: { format?: unknown; model?: TfidfLinearModel; history?: ClassifierEpochMetrics[] };
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
  return { model: parsed.model, history: Array.isArray(parsed.history) ? parsed.history : [] };
}
