import { readJsonArtifact } from '../../lib/artifacts/content-addressed';
import { examplesToJsonl, type Example } from '../../lib/core/example';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import type { FineTunePipelineResult } from '../../workflows/fine-tune-pipeline';
import type { RunSummary } from '../../lib/report/run-summary';
import { testClient, testStore, testWorkerEnv } from '../helpers/real-stack';
import { usePipelineWorkers } from '../helpers/pipeline-workers';

/**
 * 1,000 classes × 6 rows, end to end on the real stack: the shape that once made
 * every evaluateModels attempt miss its 20 s heartbeat timeout (the per-class
 * curves ran in one synchronous block) until the run died. Now every long
 * activity heartbeats in chunks, so the run completes.
 */
jest.setTimeout(600_000);

const CLASSES = 1000;
const ROWS_PER_CLASS = 6;
const env = testWorkerEnv('many-classes');
const store = testStore(env);

/** Each class has its own cue word among shared filler, so the task is learnable but not trivial. */
function rows(): Example[] {
  const filler = ['the', 'a', 'report', 'about', 'some', 'thing', 'with', 'notes'];
  return Array.from({ length: CLASSES * ROWS_PER_CLASS }, (_, i) => {
    const c = i % CLASSES;
    const k = Math.floor(i / CLASSES);
    return {
      id: `r${i}`,
      text: `${filler[k % filler.length]} cue${c} ${filler[(k + c) % filler.length]} item ${k}`,
      label: `class-${String(c).padStart(4, '0')}`,
    };
  });
}

usePipelineWorkers(env);

test('a 1,000-class × 6-row dataset runs curate -> sweep -> evaluate -> report to completion', async () => {
  const key = `it-many-classes-${process.pid}-${Date.now().toString(36)}/data.jsonl`;
  await store.put(key, examplesToJsonl(rows()));
  const config: ExperimentConfigInput = {
    name: 'many-classes-it',
    seed: 3,
    dataset: { source: { kind: 'uri', uri: store.uriFor(key) } },
    model: { family: 'text-classifier', maxLen: 12, vocabSize: 3000 },
    search: {
      maxTrials: 1,
      parallelism: 1,
      epochs: 2,
      space: { learningRate: { type: 'float', low: 0.02, high: 0.05, log: true } },
    },
    ensemble: { topK: 1 },
  };
  const { client, connection } = await testClient(env);
  try {
    const workflowId = `it-many-classes-${Date.now()}`;
    const t0 = Date.now();
    const result: FineTunePipelineResult = await client.workflow.execute('fineTunePipeline', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId,
      args: [{ config, trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE }],
    });
    const seconds = (Date.now() - t0) / 1000;
    expect(result.trials).toMatchObject({ total: 1, completed: 1, failed: 0 });
    const summary = await readJsonArtifact<RunSummary>(store, result.summary);
    expect(summary.evaluation.evaluation.best.report.confusion).toHaveLength(CLASSES);

    // No attempt of any activity was lost to a heartbeat timeout: each ran once.
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const attempts = events.flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt] : [],
    );
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((a) => a === 1)).toBe(true);
    console.log(
      `many-classes run: ${CLASSES} classes x ${ROWS_PER_CLASS} rows, ${seconds.toFixed(1)} s, test accuracy ${result.test.best.accuracy.toFixed(3)}`,
    );
  } finally {
    await connection.close();
  }
});
