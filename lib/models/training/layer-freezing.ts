import type * as tf from '@tensorflow/tfjs';

/**
 * Freezing and gradual unfreezing of named layers.
 *
 * Patterns are layer names with `*` as a wildcard (`embedding`, `block*`,
 * `*`); layer names of the text classifier are stable (`embedding`, `conv`,
 * `bigru`, `block0_attention`, `positions`, `classes`, ...).
 *
 * Gradual unfreezing (ULMFiT-style): frozen layers form groups, the part of the
 * name before the first `_` (`block0_attention` and `block0_ff_in` are group
 * `block0`). Groups thaw from the output side down, one every `unfreezeEvery`
 * epochs: before epoch e+1 (e epochs done), the top floor(e / unfreezeEvery)
 * groups are trainable again. A pure function of `epochsDone`, so a resumed run
 * freezes exactly what the uninterrupted run froze.
 */

/** True if `name` matches the `*`-wildcard `pattern` (whole name). */
export function matchesLayerPattern(name: string, pattern: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(name);
}

/** Group of a layer for gradual unfreezing: its name up to the first `_`. */
export function layerGroup(name: string): string {
  const i = name.indexOf('_');
  return i < 0 ? name : name.slice(0, i);
}

/**
 * Names of the layers to keep frozen for the epoch after `epochsDone`, in
 * model order. Throws an Error naming a pattern that matches no layer with
 * weights (a typo would otherwise freeze nothing silently).
 */
export function frozenLayerNames(
  model: tf.LayersModel,
  patterns: readonly string[],
  unfreezeEvery: number,
  epochsDone: number,
): string[] {
  const layers = model.layers.filter((l) => l.weights.length > 0).map((l) => l.name);
  for (const p of patterns) {
    if (!layers.some((n) => matchesLayerPattern(n, p))) {
      throw new Error(`freeze pattern "${p}" matches no layer with weights; layers are: ${layers.join(', ')}`);
    }
  }
  const frozen = layers.filter((n) => patterns.some((p) => matchesLayerPattern(n, p)));
  if (unfreezeEvery <= 0) return frozen;
  const groups = [...new Set(frozen.map(layerGroup))].reverse(); // output side first
  const thawed = new Set(groups.slice(0, Math.floor(epochsDone / unfreezeEvery)));
  return frozen.filter((n) => !thawed.has(layerGroup(n)));
}

/**
 * Sets `trainable` on every layer (false exactly for `frozen`); returns true
 * if anything changed, in which case the model must be compiled again for
 * `trainOnBatch` to pick up the new trainable set.
 */
export function applyFrozen(model: tf.LayersModel, frozen: readonly string[]): boolean {
  const set = new Set(frozen);
  let changed = false;
  for (const layer of model.layers) {
    const trainable = !set.has(layer.name);
    if (layer.trainable !== trainable) {
      layer.trainable = trainable;
      changed = true;
    }
  }
  return changed;
}
