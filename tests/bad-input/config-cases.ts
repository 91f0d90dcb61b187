/**
 * The bad-config half of the bad-input corpus (issue 7): one table, run twice:
 * through `parseExperimentConfig` (tests/unit/bad-input) and as the input of the
 * real `fineTunePipeline` on the real dev server, as JSON typed into the Web UI
 * would arrive (tests/integration/bad-input). Every case must end in a
 * non-retryable ConfigError whose message contains `message`.
 *
 * `fixed` marks the cases that needed a product fix when the corpus was written
 * (they used to pass validation and fail later, or fail with a vaguer message).
 */
export interface ConfigCase {
  name: string;
  /** The experiment config (or whatever was typed instead of one). */
  config: unknown;
  /** A fragment the error message must contain (the field and what is wrong). */
  message: string;
  fixed?: true;
}

/** A valid, cheap config every case breaks in one place. */
export const VALID_CONFIG = {
  name: 'bad-input',
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  search: {
    maxTrials: 1,
    parallelism: 1,
    epochs: 1,
    space: { learningRate: { type: 'float', low: 0.001, high: 0.1, log: true } },
  },
};

type Json = Record<string, unknown>;
const base = VALID_CONFIG as Json;
const withTop = (patch: Json): Json => ({ ...base, ...patch });
const withDataset = (patch: Json): Json => ({ ...base, dataset: { ...VALID_CONFIG.dataset, ...patch } });
const withSource = (source: Json): Json => withDataset({ source });
const withSearch = (patch: Json): Json => ({ ...base, search: { ...VALID_CONFIG.search, ...patch } });
const withSpace = (space: Json): Json => withSearch({ space });
const uriSource = (patch: Json): Json => withSource({ kind: 'uri', uri: 's3://finetune-flow/ff/data.jsonl', ...patch });

export const CONFIG_CASES: ConfigCase[] = [
  // Registry (issue 15): entries are never overwritten, so there is no "overwrite".
  {
    name: 'registry.onExisting overwrite',
    config: withTop({ registry: { onExisting: 'overwrite' } }),
    message: '- registry.onExisting:',
    fixed: true,
  },
  {
    name: 'typo in registry',
    config: withTop({ registry: { onExist: 'newVersion' } }),
    message: 'unknown key(s) "onExist"',
    fixed: true,
  },
  // Not an object at all (Web UI: a string, a number, an array, null).
  { name: 'null', config: null, message: 'expected a JSON object' },
  { name: 'JSON typed as a string', config: JSON.stringify(VALID_CONFIG), message: '(got string)' },
  { name: 'a number', config: 42, message: '(got number)' },
  { name: 'an array', config: [VALID_CONFIG], message: '(got an array)' },
  { name: 'empty object', config: {}, message: '- name:' },
  // Top level.
  {
    name: 'name with spaces and capitals',
    config: withTop({ name: 'My Run' }),
    message: '- name: name must be lowercase',
  },
  { name: 'name is a number', config: withTop({ name: 7 }), message: '- name:' },
  { name: 'typo in a top-level key', config: withTop({ serach: {} }), message: 'unknown key(s) "serach"' },
  { name: 'future schemaVersion', config: withTop({ schemaVersion: 2 }), message: 'schemaVersion must be 1' },
  { name: 'negative seed', config: withTop({ seed: -1 }), message: '- seed:' },
  { name: 'seed as a string', config: withTop({ seed: '42' }), message: '- seed:' },
  { name: 'dataset missing', config: { name: 'x', search: VALID_CONFIG.search }, message: '- dataset:' },
  // Dataset.
  {
    name: 'unknown source kind',
    config: withSource({ kind: 'http', url: 'http://x' }),
    message: 'dataset.source.kind must be "builtin" or "uri"',
  },
  {
    name: 'unknown builtin dataset',
    config: withSource({ kind: 'builtin', name: 'imdb' }),
    message: '- dataset.source.name:',
  },
  {
    name: 'http URI',
    config: uriSource({ uri: 'https://example.invalid/data.jsonl' }),
    message: 'uri must start with s3:// or file://',
  },
  { name: 'unknown file format', config: uriSource({ format: 'parquet' }), message: '- dataset.source.format:' },
  {
    name: 'a single declared label',
    config: withDataset({ labels: ['positive'] }),
    message: 'a classifier needs at least 2 labels',
  },
  { name: 'an empty label name', config: withDataset({ labels: ['positive', ''] }), message: '- dataset.labels[1]:' },
  {
    name: 'maxBadFraction above 1',
    config: withDataset({ maxBadFraction: 1.5 }),
    message: '- dataset.maxBadFraction:',
  },
  { name: 'maxTextChars 0', config: withDataset({ maxTextChars: 0 }), message: '- dataset.maxTextChars:' },
  // Curation and augmentation.
  {
    name: 'val + test leave no training data',
    config: withTop({ curation: { split: { val: 0.5, test: 0.45 } } }),
    message: 'val + test must leave at least 10% for training',
  },
  { name: 'unknown dedup mode', config: withTop({ curation: { dedup: 'fuzzy' } }), message: '- curation.dedup:' },
  {
    name: 'unknown augmentation op',
    config: withTop({ augmentation: { ops: [{ kind: 'back-translate' }] } }),
    message: 'augmentation op kind must be',
  },
  {
    name: 'augmentation rate 0',
    config: withTop({ augmentation: { ops: [{ kind: 'random-swap', rate: 0 }] } }),
    message: '- augmentation.ops[0].rate:',
  },
  {
    name: 'negative augmentation copies',
    config: withTop({ augmentation: { copies: -1 } }),
    message: '- augmentation.copies:',
  },
  // Model.
  {
    name: 'unknown model family',
    config: withTop({ model: { family: 'gpt' } }),
    message: 'model.family "gpt" is not a model family or a list of them; use one of "tfidf-linear", "text-classifier"',
  },
  {
    name: 'unknown family in a family list',
    config: withTop({ model: { family: ['tfidf-linear', 'bert'] } }),
    message: 'model.family ["tfidf-linear","bert"] is not a model family',
  },
  {
    name: 'a sub-space naming a parameter of another family',
    config: withTop({
      model: { family: ['tfidf-linear', 'text-classifier'] },
      search: {
        maxTrials: 4,
        parallelism: 1,
        families: { 'tfidf-linear': { learningRate: { type: 'float', low: 0.001, high: 0.1 } } },
      },
    }),
    message: '"learningRate" is a hyperparameter of text-classifier, not of tfidf-linear',
  },
  {
    name: 'search.families naming a family model.family leaves out',
    config: withTop({
      model: { family: 'tfidf-linear' },
      search: { maxTrials: 4, parallelism: 1, families: { 'text-classifier': {} } },
    }),
    message: 'model.family (tfidf-linear) does not include text-classifier',
  },
  {
    name: 'a flat space with several families',
    config: withTop({
      model: { family: ['tfidf-linear', 'text-classifier'] },
      search: { maxTrials: 4, parallelism: 1, space: { c: { type: 'float', low: 0.1, high: 10 } } },
    }),
    message: "put each family's parameters under search.families.<family>",
  },
  {
    name: 'classifier-only model options on a tfidf-linear run',
    config: withTop({
      model: { family: 'tfidf-linear', freeze: ['embedding'] },
      search: { maxTrials: 2, parallelism: 1 },
    }),
    message: 'model.freeze apply to text-classifier, which this run does not train',
  },
  {
    name: 'pretrained-transformer without a base model',
    config: withTop({ model: { family: 'pretrained-transformer' }, search: { maxTrials: 2, parallelism: 1 } }),
    message: 'pretrained-transformer needs model.baseModel',
  },
  {
    name: 'topLayers of another family',
    config: withTop({
      model: { family: 'tfidf-linear' },
      search: { maxTrials: 2, parallelism: 1, space: { topLayers: { type: 'int', low: 1, high: 2 } } },
    }),
    message: '"topLayers" is a hyperparameter of pretrained-transformer, not of tfidf-linear',
  },
  {
    name: 'tfidf-linear c out of range',
    config: withTop({
      model: { family: 'tfidf-linear' },
      search: { maxTrials: 2, parallelism: 1, space: { c: { type: 'float', low: -1, high: 10 } } },
    }),
    message: 'low (-1) is not a valid c: c must be > 0',
  },
  {
    name: 'absurd maxLen',
    config: withTop({ model: { family: 'text-classifier', maxLen: 1e9 } }),
    message: '- model.maxLen:',
  },
  // Search settings.
  { name: 'search missing', config: { name: 'x', dataset: VALID_CONFIG.dataset }, message: '- search:' },
  {
    name: 'zero maxTrials',
    config: withSearch({ maxTrials: 0 }),
    message: '- search.maxTrials: maxTrials must be at least 1',
  },
  {
    name: 'zero parallelism',
    config: withSearch({ parallelism: 0 }),
    message: '- search.parallelism: parallelism must be at least 1',
  },
  { name: 'fractional parallelism', config: withSearch({ parallelism: 1.5 }), message: '- search.parallelism:' },
  { name: 'maxTrials "NaN"', config: withSearch({ maxTrials: 'NaN' }), message: '- search.maxTrials:' },
  { name: 'maxTrials as a numeric string', config: withSearch({ maxTrials: '10' }), message: '- search.maxTrials:' },
  { name: 'zero epochs', config: withSearch({ epochs: 0 }), message: '- search.epochs:' },
  {
    name: 'unknown sampler kind',
    config: withSearch({ sampler: { kind: 'bayes-magic' } }),
    message: '- search.sampler.kind:',
  },
  {
    name: 'unknown backend requirement',
    config: withTop({ model: { family: 'text-classifier', requireBackend: 'cuda' } }),
    message: '- model.requireBackend: model.requireBackend must be "any", "native" or "gpu"',
  },
  { name: 'unknown objective', config: withSearch({ objective: 'loss' }), message: '- search.objective:' },
  { name: 'ensemble topK 0', config: withTop({ ensemble: { topK: 0 } }), message: '- ensemble.topK:' },
  // Search space.
  { name: 'empty search space', config: withSpace({}), message: 'the search space is empty' },
  { name: 'search space is an array', config: withSpace([] as unknown as Json), message: '- search.space:' },
  {
    name: 'parameter without type',
    config: withSpace({ learningRate: { low: 0.1, high: 1 } }),
    message: 'each parameter needs type "float", "int" or "categorical"',
  },
  {
    name: 'unknown parameter type',
    config: withSpace({ learningRate: { type: 'uniform', low: 0.1, high: 1 } }),
    message: 'each parameter needs type',
  },
  {
    name: 'parameter name with a dash',
    config: withSpace({ 'learning-rate': { type: 'float', low: 0.1, high: 1 } }),
    message: 'parameter names are identifiers',
    fixed: true,
  },
  {
    name: 'unknown hyperparameter',
    config: withSpace({ momentum: { type: 'float', low: 0, high: 1 } }),
    message: '"momentum" is not a hyperparameter of text-classifier',
  },
  {
    name: 'low above high',
    config: withSpace({ learningRate: { type: 'float', low: 1, high: 0.1 } }),
    message: 'high (0.1) must be greater than low (1)',
  },
  {
    name: 'low as "NaN" string',
    config: withSpace({ learningRate: { type: 'float', low: 'NaN', high: 0.1 } }),
    message: 'low must be a number',
  },
  {
    name: 'log scale from 0',
    config: withSpace({ learningRate: { type: 'float', low: 0, high: 0.1, log: true } }),
    message: 'log scale needs low > 0',
  },
  {
    name: 'negative step',
    config: withSpace({ dropout: { type: 'float', low: 0, high: 0.5, step: -0.1 } }),
    message: 'step must be > 0',
  },
  {
    name: 'int parameter with a fractional bound',
    config: withSpace({ batchSize: { type: 'int', low: 8.5, high: 64 } }),
    message: 'low must be an integer',
  },
  {
    name: 'empty categorical choices',
    config: withSpace({ embeddingDim: { type: 'categorical', choices: [] } }),
    message: 'choices must list at least one value',
  },
  // Ranges the family cannot train: passed validation before, then every trial failed.
  {
    name: 'negative learning rate',
    config: withSpace({ learningRate: { type: 'float', low: -0.1, high: 0.1 } }),
    message: '- search.space.learningRate.low: low (-0.1) is not a valid learningRate: learningRate must be > 0',
    fixed: true,
  },
  {
    name: 'float range for an integer hyperparameter',
    config: withSpace({ batchSize: { type: 'float', low: 8, high: 64 } }),
    message: 'batchSize is an integer hyperparameter: use type "int"',
    fixed: true,
  },
  {
    name: 'dropout range reaching 1',
    config: withSpace({ dropout: { type: 'float', low: 0, high: 1 } }),
    message: '- search.space.dropout.high: high (1) is not a valid dropout: dropout must be < 1',
    fixed: true,
  },
  {
    name: 'string choice for a numeric hyperparameter',
    config: withSpace({ embeddingDim: { type: 'categorical', choices: [16, 'big'] } }),
    message: '- search.space.embeddingDim.choices[1]: choice "big" is not a valid embeddingDim',
    fixed: true,
  },
  {
    name: 'embeddingDim range beyond the model limit',
    config: withSpace({ embeddingDim: { type: 'int', low: 16, high: 100000 } }),
    message: 'high (100000) is not a valid embeddingDim',
    fixed: true,
  },
];

/**
 * Workflow-input envelopes that are wrong although the config inside is fine
 * (workflow-only: parseExperimentConfig never sees the envelope).
 */
export interface EnvelopeCase {
  name: string;
  input: unknown;
  message: string;
  fixed?: true;
}

export const ENVELOPE_CASES: EnvelopeCase[] = [
  {
    name: 'trainingTaskQueue is a number',
    input: { config: VALID_CONFIG, trainingTaskQueue: 42 },
    message: '- trainingTaskQueue: must be a non-empty task queue name',
    fixed: true,
  },
  {
    name: 'typo in an envelope key',
    input: { config: VALID_CONFIG, trainingQueue: 'gpu' },
    message: 'unknown key(s) "trainingQueue"',
    fixed: true,
  },
  {
    name: 'future input schemaVersion',
    input: { schemaVersion: 2, config: VALID_CONFIG },
    message: '- schemaVersion: input schemaVersion must be 1',
    fixed: true,
  },
  { name: 'config: null', input: { config: null }, message: 'expected a JSON object' },
];
