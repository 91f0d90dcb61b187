import { WorkflowFailedError } from '@temporalio/client';
import { readArtifact, readJsonArtifact } from '../../lib/artifacts/content-addressed';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import type { FineTunePipelineResult } from '../../workflows/fine-tune-pipeline';
import type { RunSummary } from '../../lib/report/run-summary';
import { expectRegisteredSentiment } from '../helpers/registered-sentiment';
import { importBaseModel } from '../../lib/models/pretrained/base-model-registry';
import { decodeTransformerCheckpoint } from '../../lib/models/pretrained/transformer-checkpoint';
import { readModelFolder } from '../../cli/models';
import { MINILM_FOLDER } from '../helpers/base-models';
import { testClient, testStore, testWorkerEnv } from '../helpers/real-stack';
import { usePipelineWorkers } from '../helpers/pipeline-workers';

jest.setTimeout(480_000);

const env = testWorkerEnv('pretrained-family');
const store = testStore(env);

/** A frozen MiniLM head beside two tfidf-linear trials, in one sweep, on the demo data. */
const config: ExperimentConfigInput = {
  name: 'pretrained-family-it',
  seed: 3,
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' }, labels: ['negative', 'positive'] },
  model: { family: ['tfidf-linear', 'pretrained-transformer'], baseModel: 'all-minilm-l6-v2', maxLen: 48 },
  search: {
    sampler: { kind: 'grid' },
    maxTrials: 3,
    parallelism: 2,
    epochs: 3,
    families: {
      'tfidf-linear': { classifier: { type: 'categorical', choices: ['logistic', 'nb-svm'] } },
      'pretrained-transformer': {
        mode: { type: 'categorical', choices: ['frozen'] },
        headLearningRate: { type: 'categorical', choices: [0.01] },
      },
    },
  },
  ensemble: { topK: 3 },
};

usePipelineWorkers(env);

test('a frozen MiniLM trial trains on the real stack from the S3 base-model registry, and its model predicts from the registry', async () => {
  await importBaseModel(store, 'all-minilm-l6-v2', await readModelFolder(MINILM_FOLDER), MINILM_FOLDER);
  const { client, connection } = await testClient(env);
  try {
    const result: FineTunePipelineResult = await client.workflow.execute('fineTunePipeline', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId: `it-pretrained-family-${Date.now()}`,
      args: [{ config, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
    });
    expect(result.trials).toEqual({ total: 3, completed: 3, failed: 0, pruned: 0 });
    const summary = await readJsonArtifact<RunSummary>(store, result.summary);
    const minilm = summary.families.find((f) => f.family === 'pretrained-transformer');
    // Mean-pooled MiniLM sentence embeddings separate the UCI sentences well above chance.
    expect(minilm?.best).toBeGreaterThan(0.75);
    const trial = summary.evaluation.candidates.find((c) => c.params.family === 'pretrained-transformer')!;
    const { header, tensors } = decodeTransformerCheckpoint(await readArtifact(store, trial.model));
    expect(header.base.name).toBe('all-minilm-l6-v2');
    expect(header.trainable).toEqual([]); // frozen: the artifact holds the head only
    expect([...tensors.keys()].some((k) => k.startsWith('w/'))).toBe(false);
    expect(header.history).toHaveLength(3);

    await expectRegisteredSentiment(store, 'pretrained-family-it');
  } finally {
    await connection.close();
  }
});

test.each([
  [
    { baseModel: 'all-minilm-l6-v3' },
    'base model "all-minilm-l6-v3" is not registered; did you mean all-minilm-l6-v2?',
  ],
  [{ maxLen: 600 }, "model.maxLen 600 exceeds base model all-minilm-l6-v2's max_position_embeddings 512"],
])('a base model the run cannot use fails it before curation, naming the fix (%j)', async (change, message) => {
  await importBaseModel(store, 'all-minilm-l6-v2', await readModelFolder(MINILM_FOLDER), MINILM_FOLDER);
  const { client, connection } = await testClient(env);
  const workflowId = `it-pretrained-bad-${Date.now()}`;
  try {
    const bad = { ...config, model: { ...config.model, ...change } };
    const err = await client.workflow
      .execute('fineTunePipeline', { taskQueue: env.FF_CONTROL_TASK_QUEUE, workflowId, args: [{ config: bad }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(String((err as WorkflowFailedError).cause?.message)).toContain(message);
    // One attempt of the check, and no curation: non-retryable, before any data is read.
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = (history.events ?? []).flatMap((e) => {
      const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
      return name ? [name] : [];
    });
    expect(scheduled).toEqual(['checkBaseModel']);
  } finally {
    await connection.close();
  }
});
