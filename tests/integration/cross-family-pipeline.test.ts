import { readArtifact, readJsonArtifact } from '../../lib/artifacts/content-addressed';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import type { FineTunePipelineResult } from '../../workflows/fine-tune-pipeline';
import type { RunSummary } from '../../lib/report/run-summary';
import { expectRegisteredSentiment } from '../helpers/registered-sentiment';
import { loadTrainedModel } from '../../lib/models/load-trained-model';
import { testClient, testStore, testWorkerEnv } from '../helpers/real-stack';
import { usePipelineWorkers } from '../helpers/pipeline-workers';

jest.setTimeout(240_000);

const env = testWorkerEnv('cross-family');
const store = testStore(env);

/** A grid over two families: two tfidf-linear classifiers and one text-classifier point (3 trials). */
const config: ExperimentConfigInput = {
  name: 'cross-family-it',
  seed: 11,
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' }, labels: ['negative', 'positive'] },
  model: { family: ['tfidf-linear', 'text-classifier'], maxLen: 32, vocabSize: 4000 },
  search: {
    sampler: { kind: 'grid' },
    maxTrials: 3,
    parallelism: 2,
    epochs: 2,
    families: {
      'tfidf-linear': { classifier: { type: 'categorical', choices: ['logistic', 'nb-svm'] } },
      'text-classifier': { learningRate: { type: 'categorical', choices: [0.01] } },
    },
  },
  ensemble: { topK: 3 },
};

usePipelineWorkers(env);

test('one sweep trains tfidf-linear and text-classifier trials; evaluation, ensemble, registry and report take both', async () => {
  const { client, connection } = await testClient(env);
  try {
    const result: FineTunePipelineResult = await client.workflow.execute('fineTunePipeline', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId: `it-cross-family-${Date.now()}`,
      args: [{ config, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
    });
    expect(result.trials).toEqual({ total: 3, completed: 3, failed: 0, pruned: 0 });
    expect(result.test.best.accuracy).toBeGreaterThan(0.7);

    const summary = await readJsonArtifact<RunSummary>(store, result.summary);
    const byFamily = Object.fromEntries(summary.families.map((f) => [f.family, f]));
    expect(Object.keys(byFamily).sort()).toEqual(['text-classifier', 'tfidf-linear']);
    expect(byFamily['tfidf-linear']).toMatchObject({ trials: 2, completed: 2 });
    expect(byFamily['text-classifier']).toMatchObject({ trials: 1, completed: 1 });
    for (const f of summary.families) {
      expect(f.best).toBeGreaterThan(0.6);
      expect(f.seconds).toBeGreaterThan(0);
    }
    // A tfidf-linear trial is one fit (one epoch), whatever search.epochs says; the neural one ran both epochs.
    for (const t of summary.trials) expect(t.epochs).toBe(t.family === 'tfidf-linear' ? 1 : 2);

    // Each candidate's model artifact is its own family's format, and loads for prediction.
    const families = await Promise.all(
      summary.evaluation.candidates.map(async (c) => {
        const model = await loadTrainedModel(await readArtifact(store, c.model));
        model.close();
        return model.family;
      }),
    );
    expect([...new Set(families)].sort()).toEqual(['text-classifier', 'tfidf-linear']);

    const html = new TextDecoder().decode(await readArtifact(store, result.report));
    expect(html).toContain('Model families');
    expect(html).toContain('tfidf-linear');

    await expectRegisteredSentiment(store, 'cross-family-it');
  } finally {
    await connection.close();
  }
});
