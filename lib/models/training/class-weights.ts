import { ConfigError } from '../../core/errors';

/** How the loss weights classes: equally, inversely to their training frequency, or explicitly by label. */
export type ClassWeighting = 'none' | 'balanced' | Record<string, number>;

/**
 * Per-class loss weights in `labels` order.
 * - 'none': all 1 (plain cross-entropy).
 * - 'balanced': `n / (k * count_c)` (scikit-learn's convention), so every class
 *   contributes equally in expectation; a class absent from training gets 1.
 * - a record: weights by label; unnamed labels get 1. Throws ConfigError on
 *   an unknown label or a weight that is not finite and > 0.
 */
export function classWeightsFor(
  weighting: ClassWeighting,
  labels: readonly string[],
  classes: Int32Array,
): Float32Array {
  const k = labels.length;
  const out = new Float32Array(k).fill(1);
  if (weighting === 'none') return out;
  if (weighting === 'balanced') {
    const counts = new Array<number>(k).fill(0);
    for (const c of classes) counts[c]++;
    counts.forEach((count, c) => (out[c] = count > 0 ? classes.length / (k * count) : 1));
    return out;
  }
  for (const [label, w] of Object.entries(weighting)) {
    const c = labels.indexOf(label);
    if (c < 0)
      throw new ConfigError(`classWeights names label "${label}", which is not one of [${labels.join(', ')}]`, {
        label,
      });
    if (!(w > 0) || !Number.isFinite(w))
      throw new ConfigError(`classWeights["${label}"] must be a finite number > 0, got ${w}`, { label });
    out[c] = w;
  }
  return out;
}
