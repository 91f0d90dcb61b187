import { z } from 'zod';
import { SearchSchema } from './search-schema';
import { AugmentationSchema, CurationSchema, DatasetSchema } from '../lib/data/dataset-schema';
import { MODEL_FAMILIES, type ModelFamily } from '../lib/models/model-family';
import { checkConstraints } from '../lib/search/space/search-space-schema';
import { fitsSpace } from '../lib/search/space/unit-space';
import { checkWarmStartParams } from '../lib/search/samplers/sampler-options';
import { configFamilies, FAMILY_HYPERPARAMS, sweepSpace } from './family-spaces';
import { ModelFamilyFieldSchema } from './model-family-schema';
import { ClassifierModelOptionsSchema } from '../lib/models/classifier/classifier-model-options';
import { BACKEND_REQUIREMENTS } from '../lib/models/runtime/backend-requirement';
import { checkSpaceBounds } from './check-space-bounds';
import { EnsembleMetricSchema } from '../lib/ensemble/ensemble-metric';
import { OnExistingSchema } from '../lib/registry/on-existing';

/**
 * The experiment config: the single source of truth for a run's inputs. Used by
 * the CLI before anything starts and again inside the workflow (JSON typed into
 * the Web UI), so both fail with the same message. Objects are strict: an unknown
 * key is an error (usually a typo), not silently ignored.
 */
export const CONFIG_SCHEMA_VERSION = 1;

/** The dataset, curation and augmentation sections are the data layer's own schemas (lib/data/dataset-schema.ts). */
export {
  AugmentOpSchema,
  AugmentationSchema,
  CurationSchema,
  DatasetSchema,
  DatasetSourceSchema,
} from '../lib/data/dataset-schema';

export const ModelSchema = z
  .strictObject({
    /** One family, or a list searched in one sweep; absent: see configs/family-spaces.ts (default: every family). */
    family: ModelFamilyFieldSchema.optional(),
    /**
     * pretrained-transformer: the base model's name in the base-model registry (`cli models import`,
     * `cli models list`), e.g. "all-minilm-l6-v2". Checked when the run starts.
     */
    baseModel: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9._-]{0,62}$/,
        'model.baseModel is a registry name (cli models list), e.g. "all-minilm-l6-v2"',
      )
      .optional(),
    maxLen: z.number().int().min(4).max(1024).default(48),
    vocabSize: z.number().int().min(100).max(200_000).default(8000),
    /** Optional: encoderOptions, freeze, unfreezeEvery, pretrainedVectors, classWeights, initFrom, pretrain (lib/models/classifier/classifier-model-options.ts). */
    ...ClassifierModelOptionsSchema.shape,
    /**
     * Backend the training workers must run: `any`, `native` (tfjs-node or tfjs-node-gpu) or `gpu`
     * (tfjs-node-gpu). Checked before the first trial and by every training attempt; a worker that
     * does not meet it fails the run with a ConfigError instead of training slowly on the CPU.
     */
    requireBackend: z
      .enum(BACKEND_REQUIREMENTS, { error: 'model.requireBackend must be "any", "native" or "gpu"' })
      .default('any'),
    /**
     * Also checkpoint every this many batches inside an epoch (default: at epoch ends only), so a
     * crash loses at most that many batches of a long epoch. Resume is exact either way.
     */
    checkpointEverySteps: z
      .number()
      .int()
      .min(1, 'model.checkpointEverySteps must be at least 1')
      .max(10_000_000)
      .optional(),
    /**
     * Also checkpoint inside an epoch once this many minutes of training passed since the last
     * checkpoint (default 10), so a crash never costs more than that however long an epoch is.
     */
    checkpointEveryMinutes: z
      .number()
      .positive('model.checkpointEveryMinutes must be > 0')
      .max(24 * 60)
      .default(10),
  })
  .superRefine((model, ctx) => {
    // Each of these fixes the tokenizer and the embedding on its own; together they would silently override each other.
    const starts = (['initFrom', 'pretrain', 'pretrainedVectors'] as const).filter((k) => model[k] !== undefined);
    if (starts.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [starts[1]],
        message: `model.${starts.join(' and model.')} exclude each other (each fixes the tokenizer and embedding); keep one`,
      });
    }
  });

/**
 * Ensemble built from the validation predictions of the `topK` best completed
 * trials: `greedy` (Caruana selection with replacement, `rounds` additions),
 * `average` (equal weights), `vote` (majority vote) or `stacking` (softmax
 * regression on validation). Judged on the untouched test split.
 */
export const EnsembleSchema = z.strictObject({
  method: z.enum(['greedy', 'average', 'vote', 'stacking']).default('greedy'),
  /** Candidate pool: the K best completed trials by validation score. */
  topK: z.number().int().min(1).max(50).default(10),
  /** Greedy selection: additions after the best single member. */
  rounds: z.number().int().min(0).max(1000).default(25),
  /** What greedy selection and stacking optimise on validation (higher is better). */
  metric: EnsembleMetricSchema.default('negLogLoss'),
});

/** Test-set evaluation: bootstrap confidence intervals and calibration bins. */
export const EvaluationSchema = z.strictObject({
  bootstrap: z
    .strictObject({
      resamples: z.number().int().min(100).max(20_000).default(1000),
      confidence: z.number().gt(0).lt(1).default(0.95),
    })
    .default({ resamples: 1000, confidence: 0.95 }),
  calibrationBins: z.number().int().min(2).max(50).default(10),
});

/**
 * Model registry. Entries and trials' learning curves are immutable lineage records: when
 * the run id already has one with different content, 'refuse' (the default) fails
 * registerModel (or the trial) naming the record; 'newVersion' writes
 * registry/<name>/<runId>/v2/entry.json and <trial>/v2/learning-curve.json (v3...) beside it.
 */
export const RegistryOptionsSchema = z.strictObject({
  onExisting: OnExistingSchema.default('refuse'),
});

const ConfigObjectSchema = z.strictObject({
  schemaVersion: z
    .literal(CONFIG_SCHEMA_VERSION, { error: `schemaVersion must be ${CONFIG_SCHEMA_VERSION}` })
    .default(CONFIG_SCHEMA_VERSION),
  name: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,62}$/,
      'name must be lowercase letters, digits and dashes (max 63), e.g. "sentiment-demo"',
    ),
  seed: z.number().int().nonnegative().default(42),
  dataset: DatasetSchema,
  curation: CurationSchema.default(CurationSchema.parse({})),
  augmentation: AugmentationSchema.default(AugmentationSchema.parse({})),
  model: ModelSchema.default(ModelSchema.parse({})),
  search: SearchSchema,
  ensemble: EnsembleSchema.default(EnsembleSchema.parse({})),
  evaluation: EvaluationSchema.default(EvaluationSchema.parse({})),
  /** Optional (no default), so configs without it parse exactly as before. */
  registry: RegistryOptionsSchema.optional(),
});

export const ExperimentConfigSchema = ConfigObjectSchema.superRefine(checkFamilySpaces);

/**
 * Every searched name is a hyperparameter of its family, with values that family accepts; the
 * families of `search.families` are those of `model.family`; text-classifier options need that
 * family; and warm start and constraints fit the space the sweep searches (family-spaces.ts).
 */
function checkFamilySpaces(config: z.output<typeof ConfigObjectSchema>, ctx: z.RefinementCtx): void {
  const families = configFamilies(config);
  const cross = families.length > 1;
  if (cross && config.search.space)
    ctx.addIssue({
      code: 'custom',
      path: ['search', 'space'],
      message: `model.family lists ${families.join(', ')}: put each family's parameters under search.families.<family> instead of search.space`,
    });
  for (const f of Object.keys(config.search.families ?? {}))
    if (config.model.family !== undefined && !families.includes(f as ModelFamily))
      ctx.addIssue({
        code: 'custom',
        path: ['search', 'families', f],
        message: `search.families.${f}: model.family (${families.join(', ')}) does not include ${f}; add it there or drop this sub-space`,
      });
  for (const family of families) {
    const given = cross || !config.search.space ? config.search.families?.[family] : config.search.space;
    if (!given) continue; // the family's default space, valid by construction (tests/unit/configs)
    const path = cross || !config.search.space ? ['search', 'families', family] : ['search', 'space'];
    const shape = FAMILY_HYPERPARAMS[family].shape;
    for (const [name, spec] of Object.entries(given)) {
      if (name in shape) checkSpaceBounds(name, spec, shape[name], ctx, path);
      else ctx.addIssue({ code: 'custom', path: [...path, name], message: unknownParamMessage(family, name) });
    }
  }
  const classifierOnly = CLASSIFIER_ONLY_OPTIONS.filter((k) => config.model[k] !== undefined);
  if (!families.includes('text-classifier') && classifierOnly.length)
    ctx.addIssue({
      code: 'custom',
      path: ['model', classifierOnly[0]],
      message: `model.${classifierOnly.join(', model.')} apply to text-classifier, which this run does not train (families: ${families.join(', ')}); drop them or add text-classifier to model.family`,
    });
  if (families.includes('pretrained-transformer') && !config.model.baseModel)
    ctx.addIssue({
      code: 'custom',
      path: ['model', 'baseModel'],
      message:
        'pretrained-transformer needs model.baseModel: the registry name of a Hugging Face BERT checkpoint (cli models list; add one with cli models import <folder>)',
    });
  if (config.model.baseModel && !families.includes('pretrained-transformer'))
    ctx.addIssue({
      code: 'custom',
      path: ['model', 'baseModel'],
      message: `model.baseModel applies to pretrained-transformer, which this run does not train (families: ${families.join(', ')}); add it to model.family or drop baseModel`,
    });
  const space = sweepSpace(config);
  if (Object.keys(space).length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['search'],
      message: 'the search space is empty: declare at least one parameter',
    });
  (config.search.enqueue ?? []).forEach((p, i) => {
    const unknown = Object.keys(p).filter((k) => !(k in space));
    if (unknown.length || !fitsSpace(space, p))
      ctx.addIssue({
        code: 'custom',
        path: ['search', 'enqueue', i],
        message: `search.enqueue[${i}] ${JSON.stringify(p)} is not a point of the searched space${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}; use its parameters (${Object.keys(space).join(', ')}) with values inside their ranges`,
      });
  });
  if (!config.search.space) {
    checkWarmStartParams({ ...config.search, space }, ctx, ['search']);
    checkConstraints(space, config.search.constraints ?? [], ctx, ['search', 'constraints']);
  }
}

/** Model options only the text-classifier family reads. */
const CLASSIFIER_ONLY_OPTIONS = [
  'encoderOptions',
  'freeze',
  'unfreezeEvery',
  'pretrainedVectors',
  'classWeights',
  'initFrom',
  'pretrain',
] as const;

/** "x is not a hyperparameter of F", naming the family that has it when one does. */
function unknownParamMessage(family: ModelFamily, name: string): string {
  const owner = MODEL_FAMILIES.find((f) => f !== family && name in FAMILY_HYPERPARAMS[f].shape);
  const known = Object.keys(FAMILY_HYPERPARAMS[family].shape).join(', ');
  return owner
    ? `"${name}" is a hyperparameter of ${owner}, not of ${family}; move it to search.families.${owner} (with ${owner} in model.family), or use one of ${family}'s: ${known}`
    : `"${name}" is not a hyperparameter of ${family}; use one of ${known}`;
}

/** A validated config with every default filled in. */
export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;
/** What a user may write: defaults optional. */
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;
