import { WorkflowFailedError } from '@temporalio/client';
import { readArtifact, readJsonArtifact } from '../../lib/artifacts/content-addressed';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import type { FineTunePipelineResult } from '../../workflows/fine-tune-pipeline';
import type { RunSummary } from '../../lib/report/run-summary';
import { loadRegisteredModel } from '../../lib/registry/load-registered-model';
import { testClient, testStore, testWorkerEnv } from '../helpers/real-stack';
import { usePipelineWorkers } from '../helpers/pipeline-workers';

jest.setTimeout(240_000);

const env = testWorkerEnv('pipeline');
const store = testStore(env);

const config: ExperimentConfigInput = {
  name: 'pipeline-it',
  seed: 7,
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' }, labels: ['negative', 'positive'] },
  augmentation: { copies: 1, ops: [{ kind: 'random-deletion', rate: 0.1 }] },
  model: { family: 'text-classifier', maxLen: 32, vocabSize: 4000 },
  search: {
    maxTrials: 3,
    parallelism: 2,
    epochs: 2,
    space: {
      learningRate: { type: 'float', low: 0.005, high: 0.02, log: true },
      embeddingDim: { type: 'categorical', choices: [16, 32] },
    },
  },
  ensemble: { topK: 2 },
};

usePipelineWorkers(env);

test('fineTunePipeline runs curate -> augment -> sweep -> evaluate -> report on the real stack', async () => {
  const { client, connection } = await testClient(env);
  try {
    const result: FineTunePipelineResult = await client.workflow.execute('fineTunePipeline', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId: `it-pipeline-${Date.now()}`,
      args: [{ config, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
    });
    expect(result.trials).toEqual({ total: 3, completed: 3, failed: 0, pruned: 0 });
    expect(result.sweepEndReason).toBe('all 3 trials started');
    // The real training worker told the sweep when it started each trial (scheduled -> running).
    const sweepHistory = await client.workflow.getHandle(`${result.runId}-sweep`).fetchHistory();
    const started = (sweepHistory.events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'trialStarted',
    );
    expect(started.length).toBeGreaterThanOrEqual(3); // one per trial (a retried attempt reports again)
    // The UCI sentences are easy enough that 2 epochs clearly beat chance (0.5).
    expect(result.test.best.accuracy).toBeGreaterThan(0.65);
    // Greedy selection over the top-2 candidates: 1 or 2 distinct members, weights summing to 1.
    expect(result.test.ensemble.method).toBe('greedy');
    expect(result.test.ensemble.members.length).toBeGreaterThanOrEqual(1);
    expect(result.test.ensemble.members.length).toBeLessThanOrEqual(2);
    expect(result.test.ensemble.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(result.test.ensemble.accuracy).toBeGreaterThan(0.65);
    expect(result.test.singles).toHaveLength(2);
    const { intervals } = result.test;
    expect(intervals.metric).toBe('macroF1');
    expect(intervals.best.lower).toBeLessThanOrEqual(result.test.best.macroF1);
    expect(intervals.best.upper).toBeGreaterThanOrEqual(result.test.best.macroF1);
    expect(intervals.difference.estimate).toBeCloseTo(result.test.ensemble.macroF1 - result.test.best.macroF1, 9);

    const summary = await readJsonArtifact<RunSummary>(store, result.summary);
    expect(summary.schemaVersion).toBe(2);
    expect(summary.trialCounts.completed).toBe(3);
    expect(summary.funnel.map((f) => f.stage)).toEqual(['validate', 'clean', 'dedup', 'split', 'augment']);
    expect(summary.evaluation.learningCurves[0].history).toHaveLength(2);
    expect(summary.evaluation.evaluation.ensemble.curves.length).toBe(2);
    expect(summary.exploration?.tokens.length).toBeGreaterThan(0);
    const html = new TextDecoder().decode(await readArtifact(store, result.report));
    expect(html).toContain(result.runId);
    expect(html).toContain('Test metrics');
    expect(html).toContain('<section id="diagnosis">');
    expect(result.report.uri.startsWith(`s3://${env.FF_S3_BUCKET}/`)).toBe(true);

    // The registry entry is at its stable key, latest.json points at it, and it predicts.
    expect(result.registry.entryKey).toBe(`registry/pipeline-it/${result.runId}/entry.json`);
    const model = await loadRegisteredModel(store, 'pipeline-it');
    try {
      expect(model.entry.runId).toBe(result.runId);
      expect(model.entry.chosen).toBe(result.test.chosen);
      expect(model.entry.lineage.splits.test.uri).toBeDefined();
      const [pos, neg] = await model.predict([
        'this is great, i love it, excellent',
        'terrible, awful, it broke, waste of money',
      ]);
      expect(pos.label).toBe('positive');
      expect(neg.label).toBe('negative');
    } finally {
      model.close();
    }
  } finally {
    await connection.close();
  }
});

test('a bad config (as typed into the Web UI) fails the workflow at once, naming each field', async () => {
  const { client, connection } = await testClient(env);
  const workflowId = `it-bad-config-${Date.now()}`;
  try {
    const bad = { ...config, name: 'Bad Name', search: { ...config.search, maxTrials: 0, parallelism: -1 } };
    const err = await client.workflow
      .execute('fineTunePipeline', { taskQueue: env.FF_CONTROL_TASK_QUEUE, workflowId, args: [{ config: bad }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const cause = (err as WorkflowFailedError).cause as Error & { type?: string; nonRetryable?: boolean };
    expect(cause.type).toBe('ConfigError');
    expect(cause.message).toContain('- name:');
    expect(cause.message).toContain('- search.maxTrials:');
    expect(cause.message).toContain('- search.parallelism:');
    // Failed on its first workflow task: no retry loop, no activity ever scheduled.
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const types = (history.events ?? []).map((e) => String(e.eventType));
    expect(types.filter((t) => /ACTIVITY_TASK_SCHEDULED/.test(t) || t === '10')).toHaveLength(0);
  } finally {
    await connection.close();
  }
});

test('cross-validation: trials score the mean over folds; the best configs are retrained for the ensemble', async () => {
  const { client, connection } = await testClient(env);
  try {
    const cvConfig = {
      ...config,
      name: 'pipeline-cv-it',
      augmentation: { copies: 0 },
      search: { ...config.search, maxTrials: 2, parallelism: 2, epochs: 1, crossValidation: { folds: 3 } },
      ensemble: { topK: 2 },
    };
    const workflowId = `it-pipeline-cv-${Date.now()}`;
    const result: FineTunePipelineResult = await client.workflow.execute('fineTunePipeline', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId,
      args: [{ config: cvConfig, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
    });
    expect(result.trials).toMatchObject({ total: 2, completed: 2, failed: 0 });
    const sweep = await client.workflow.getHandle(`${workflowId}-sweep`).result();
    for (const trial of sweep.trials) {
      expect(trial.foldScores).toHaveLength(3);
      const mean = trial.foldScores!.reduce((a: number, b: number) => a + b, 0) / 3;
      expect(trial.score).toBeCloseTo(mean, 5);
      expect(trial.model).toBeUndefined();
    }
    // Two final trainings on the standard split, one per retained config.
    const finals = [];
    for await (const w of client.workflow.list({ query: `WorkflowId STARTS_WITH "${workflowId}-final-"` }))
      finals.push(w.workflowId);
    expect(finals.sort()).toEqual([`${workflowId}-final-trial-0000`, `${workflowId}-final-trial-0001`]);
    expect(result.test.best.accuracy).toBeGreaterThan(0.6);
  } finally {
    await connection.close();
  }
});
