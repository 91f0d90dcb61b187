import { MockActivityEnvironment } from '@temporalio/testing';
import { createCurationActivities } from '../../../activities/curation-activities';
import { parseExperimentConfig } from '../../../configs/validate-config';
import { encodeVectors } from '../../../lib/models/tokenizers/pretrained-vectors-format';
import { embeddingDimsOf } from '../../../lib/models/classifier/embedding-width-check';
import { S3LikeMemoryStore } from '../../helpers/s3-like-store';
import { capturedActivityLogs } from '../../helpers/activity-logs';

/**
 * `model.pretrainedVectors` with an embeddingDim the vectors cannot fill used to
 * validate, curate, then fail in every trial ("embeddingDim 32 differs from the
 * pretrained vectors' width 100"). The curation activity, the run's first step
 * after validation, now refuses it before reading the dataset.
 */
const store = new S3LikeMemoryStore();
const logs = capturedActivityLogs();
const VECTORS_KEY = 'vectors/glove-4d.ffvec';
const curate = (space: Record<string, unknown>) =>
  new MockActivityEnvironment(undefined, { logger: logs.logger }).run(
    createCurationActivities({ store, allowFileSources: false }).curateDataset,
    {
      runPrefix: 'runs/vec',
      config: parseExperimentConfig({
        name: 'vec',
        dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
        model: { family: 'text-classifier', pretrainedVectors: store.uriFor(VECTORS_KEY) },
        search: {
          maxTrials: 1,
          parallelism: 1,
          space: { learningRate: { type: 'float', low: 0.01, high: 0.02 }, ...space },
        },
      }),
    },
  );

beforeAll(async () => {
  await store.put(VECTORS_KEY, encodeVectors({ dim: 4, words: ['good', 'bad'], vectors: new Float32Array(8) }));
});

test('the default embeddingDim (32) against 4-wide vectors fails before curation, naming the fix', async () => {
  await expect(curate({})).rejects.toThrow(
    `model.pretrainedVectors (${store.uriFor(VECTORS_KEY)}) are 4 wide but embeddingDim (default 32) allows 32; pin it with search.space.embeddingDim: { type: categorical, choices: [4] }`,
  );
  expect(await store.list('runs/vec/')).toEqual([]);
});

test('a searched embeddingDim with any other width fails; one pinned to the width curates', async () => {
  await expect(curate({ embeddingDim: { type: 'categorical', choices: [4, 8] } })).rejects.toThrow(
    'search.space.embeddingDim allows 4, 8',
  );
  const out = (await curate({ embeddingDim: { type: 'categorical', choices: [4] } })) as { labels: string[] };
  expect(out.labels).toEqual(['negative', 'positive']);
});

test('embeddingDimsOf', () => {
  expect(embeddingDimsOf({})).toEqual([32]);
  expect(embeddingDimsOf({ embeddingDim: { type: 'int', low: 8, high: 8, log: false } })).toEqual([8]);
  expect(embeddingDimsOf({ embeddingDim: { type: 'int', low: 8, high: 64, log: false } })).toEqual([8, 64]);
});
