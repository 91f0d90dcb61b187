import type { ActivityDeps } from './deps';
import { mapFailures } from './failures';
import { readBaseModelManifest } from '../lib/models/pretrained/base-model-registry';
import { checkBaseModelFits, type BaseModelDemands } from '../lib/models/pretrained/base-model-fit';

export interface CheckBaseModelInput extends BaseModelDemands {
  baseModel: string;
}

/**
 * Pre-flight of a run that fine-tunes `model.baseModel`: the name is registered (else a
 * non-retryable error suggesting close names) and the model serves the run's maxLen and
 * topLayers. Reads the manifest only. Returns what the report and logs show of the base.
 */
export function createBaseModelCheckActivities(deps: ActivityDeps) {
  return {
    checkBaseModel: mapFailures(async (input: CheckBaseModelInput) => {
      const manifest = await readBaseModelManifest(deps.store, input.baseModel);
      checkBaseModelFits(manifest, input);
      return { name: manifest.name, layers: manifest.layers, hidden: manifest.hidden, parameters: manifest.parameters };
    }),
  };
}
