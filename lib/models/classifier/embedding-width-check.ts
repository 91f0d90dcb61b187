import type { ParamSpec } from '../../search/space/search-space-schema';
import { ConfigError } from '../../core/errors';
import { ClassifierHyperparamsSchema } from './classifier-hyperparams';

/**
 * The embedding widths a run's trials can use: the search space's
 * `embeddingDim` (a categorical's choices, an int range's ends), else the
 * trainer's default. Other shapes (a float range) are rejected by the
 * hyperparameter schema elsewhere; here they yield their ends.
 */
export function embeddingDimsOf(space: Record<string, ParamSpec>): number[] {
  const spec = space.embeddingDim;
  if (!spec) return [ClassifierHyperparamsSchema.shape.embeddingDim.parse(undefined)];
  if (spec.type === 'categorical') return [...new Set(spec.choices.filter((c): c is number => typeof c === 'number'))];
  return spec.low === spec.high ? [spec.low] : [spec.low, spec.high];
}

/**
 * Throws a ConfigError naming the field when a trial could pick an
 * `embeddingDim` other than the pretrained vectors' width, so a run with
 * `model.pretrainedVectors` fails before curation instead of in every trial.
 */
export function assertEmbeddingDimsMatch(space: Record<string, ParamSpec>, width: number, uri: string): void {
  const dims = embeddingDimsOf(space);
  if (dims.every((d) => d === width)) return;
  const field = space.embeddingDim ? 'search.space.embeddingDim' : 'embeddingDim (default 32)';
  throw new ConfigError(
    `model.pretrainedVectors (${uri}) are ${width} wide but ${field} allows ${dims.join(', ')}; ` +
      `pin it with search.space.embeddingDim: { type: categorical, choices: [${width}] }`,
    { field: space.embeddingDim ? 'search.space.embeddingDim' : 'model.pretrainedVectors', width, dims },
  );
}
