import type { z } from 'zod';
import { ClassifierHyperparamsSchema } from '../lib/models/classifier/classifier-hyperparams';
import { MODEL_FAMILIES, type ModelFamily } from '../lib/models/model-family';
import { TfidfLinearHyperparamsSchema } from '../lib/models/sparse-linear/tfidf-linear-hyperparams';
import { TransformerHyperparamsSchema } from '../lib/models/pretrained/transformer-hyperparams';
import type { Params, SearchSpace } from '../lib/search/space/search-space-schema';
import { joinSubSpaces, splitSubSpaceParams } from '../lib/search/space/sub-spaces';

/**
 * Which families a config trains and the one search space its sweep samples:
 * - one family: that family's space (`search.space`, or its default), names as written;
 * - several (`model.family: [..]`, or `search.families`): a categorical `family` parameter and each
 *   family's sub-space under `<family>.<name>`, conditional on it (lib/search/space/sub-spaces.ts).
 * Without `model.family`, `search.families` or `search.space`, a run searches {@link MODEL_FAMILIES}
 * (pretrained-transformer only with `model.baseModel`) with {@link DEFAULT_FAMILY_SPACES}: the default includes tfidf-linear, so a minimal config is never
 * beaten by the first baseline a user would try.
 */

/** The searched parameter that picks a trial's family in a cross-family sweep. */
export const FAMILY_PARAM = 'family';

/** Each family's hyperparameter schema (its object shape names what a space may search). */
export const FAMILY_HYPERPARAMS: Record<ModelFamily, { shape: Record<string, z.ZodType> }> = {
  'tfidf-linear': TfidfLinearHyperparamsSchema,
  'text-classifier': ClassifierHyperparamsSchema,
  'pretrained-transformer': TransformerHyperparamsSchema,
};

/** What each family searches when the config gives it no space. */
export const DEFAULT_FAMILY_SPACES: Record<ModelFamily, SearchSpace> = {
  'tfidf-linear': {
    classifier: { type: 'categorical', choices: ['logistic', 'svm', 'nb-svm'] },
    c: { type: 'float', low: 0.1, high: 100, log: true },
  },
  'text-classifier': {
    learningRate: { type: 'float', low: 0.001, high: 0.03, log: true },
    encoder: { type: 'categorical', choices: ['average', 'cnn'] },
    dropout: { type: 'float', low: 0, high: 0.5, log: false },
    batchSize: { type: 'categorical', choices: [32, 64] },
  },
  // CPU-sized: a frozen head (seconds per epoch on cached features) or the top layer or two.
  'pretrained-transformer': {
    mode: { type: 'categorical', choices: ['frozen', 'top-k'] },
    topLayers: { type: 'int', low: 1, high: 2, log: false, condition: { parent: 'mode', values: ['top-k'] } },
    learningRate: { type: 'float', low: 2e-5, high: 2e-4, log: true, condition: { parent: 'mode', values: ['top-k'] } },
    headLearningRate: { type: 'float', low: 1e-3, high: 3e-2, log: true },
  },
};

/**
 * First trials of a family's default space (the default search enqueues them): the strongest
 * fixed tfidf-linear settings on our benchmarks (bench/model-zoo-bench.ts), so a minimal config
 * has tried what a user would try first before the sampler explores.
 */
export const DEFAULT_FIRST_TRIALS: Partial<Record<ModelFamily, Params[]>> = {
  'tfidf-linear': [
    { classifier: 'nb-svm', c: 3 },
    { classifier: 'logistic', c: 10 },
  ],
};

/** The part of a config these functions read. */
export interface FamilyConfig {
  model: { family?: ModelFamily | ModelFamily[]; baseModel?: string };
  search: { space?: SearchSpace; families?: Partial<Record<ModelFamily, SearchSpace>>; enqueue?: Params[] };
}

/**
 * The sweep's enqueued first trials: `search.enqueue`, else, when the config gives no space at all
 * (every family on its default space), {@link DEFAULT_FIRST_TRIALS} of its families.
 */
export function sweepEnqueued(config: FamilyConfig): Params[] {
  if (config.search.enqueue) return config.search.enqueue;
  if (config.search.space || config.search.families) return [];
  const families = configFamilies(config);
  return families.flatMap((f) =>
    (DEFAULT_FIRST_TRIALS[f] ?? []).map((p) =>
      families.length === 1
        ? p
        : { [FAMILY_PARAM]: f, ...Object.fromEntries(Object.entries(p).map(([k, v]) => [`${f}.${k}`, v])) },
    ),
  );
}

/** The families a config trains, in its order (see the file comment for the defaults). */
export function configFamilies(config: FamilyConfig): ModelFamily[] {
  const { family } = config.model;
  if (family !== undefined) return Array.isArray(family) ? [...family] : [family];
  if (config.search.families) return Object.keys(config.search.families) as ModelFamily[];
  if (config.search.space) return ['text-classifier'];
  // The default search: every family that needs nothing more (pretrained-transformer needs model.baseModel).
  return MODEL_FAMILIES.filter((f) => f !== 'pretrained-transformer' || config.model.baseModel !== undefined);
}

/** One family's own sub-space (names without prefix): as configured, else its default. */
export function familySpace(config: FamilyConfig, family: ModelFamily): SearchSpace {
  const families = configFamilies(config);
  const given = families.length === 1 ? config.search.space : config.search.families?.[family];
  return given ?? config.search.families?.[family] ?? DEFAULT_FAMILY_SPACES[family];
}

/** The space the sweep's sampler searches. */
export function sweepSpace(config: FamilyConfig): SearchSpace {
  const families = configFamilies(config);
  if (families.length === 1) return familySpace(config, families[0]);
  return joinSubSpaces(FAMILY_PARAM, Object.fromEntries(families.map((f) => [f, familySpace(config, f)])));
}

/**
 * A trial's family and that family's own hyperparameters, from the params the
 * sampler suggested over {@link sweepSpace}.
 * @throws Error when a cross-family point names no family of the config (a corrupt trial record).
 */
export function trialFamily(config: FamilyConfig, params: Params): { family: ModelFamily; params: Params } {
  const families = configFamilies(config);
  if (families.length === 1) return { family: families[0], params };
  const split = splitSubSpaceParams(FAMILY_PARAM, params);
  const family = families.find((f) => f === split?.choice);
  if (!split || !family)
    throw new Error(`trial params ${JSON.stringify(params)} name no family of this run (${families.join(', ')})`);
  return { family, params: split.params };
}

/**
 * The largest value an int hyperparameter of `family` can take in this sweep: the space's `high`
 * (or largest numeric choice), else `fallback` (the hyperparameter's default) when not searched.
 */
export function maxSearchedInt(config: FamilyConfig, family: ModelFamily, name: string, fallback: number): number {
  if (!configFamilies(config).includes(family)) return 0;
  const spec = familySpace(config, family)[name];
  if (!spec) return fallback;
  if (spec.type === 'categorical') return Math.max(...spec.choices.filter((c): c is number => typeof c === 'number'));
  return spec.high;
}
