import { ConfigError } from '../../core/errors';
import type { BaseModelManifest } from './base-model-registry';

/** What a run asks of its base model, checked before any data is curated. */
export interface BaseModelDemands {
  /** `model.maxLen` (wordpieces per text). */
  maxLen: number;
  /** The largest `topLayers` the sweep can try (0 when it never fine-tunes top layers). */
  maxTopLayers: number;
}

/**
 * Refuses a run its base model cannot serve, naming the field and the fix:
 * maxLen beyond `max_position_embeddings`, or more top layers than the model has.
 * @throws ConfigError (non-retryable)
 */
export function checkBaseModelFits(manifest: BaseModelManifest, demands: BaseModelDemands): void {
  if (demands.maxLen > manifest.maxPositions)
    throw new ConfigError(
      `model.maxLen ${demands.maxLen} exceeds base model ${manifest.name}'s max_position_embeddings ${manifest.maxPositions}; lower model.maxLen to at most ${manifest.maxPositions}`,
      { field: 'model.maxLen' },
    );
  if (demands.maxTopLayers > manifest.layers)
    throw new ConfigError(
      `the sweep can try topLayers ${demands.maxTopLayers}, but base model ${manifest.name} has ${manifest.layers} layers; bound topLayers by ${manifest.layers} in the pretrained-transformer sub-space (or use mode full)`,
      { field: 'search.families.pretrained-transformer.topLayers' },
    );
}
