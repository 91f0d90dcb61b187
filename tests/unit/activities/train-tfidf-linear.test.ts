import { MockActivityEnvironment } from '@temporalio/testing';
import { createTrainModelActivities } from '../../../activities/training-activities';
import { loadCandidateModel } from '../../../activities/evaluation-activities';
import type { TrainModelInput, TrainModelOutput, TrainingHeartbeat } from '../../../activities/contracts';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { putArtifact, readArtifact } from '../../../lib/artifacts/content-addressed';
import { examplesToJsonl } from '../../../lib/core/example';
import { PURE_CPU_BACKEND } from '../../../lib/models/runtime/backend';
import { isTfidfLinearBytes } from '../../../lib/models/sparse-linear/tfidf-linear-codec';
import { syntheticExamples } from '../../helpers/synthetic-fixture';
import { capturedActivityLogs } from '../../helpers/activity-logs';

const activityLogs = capturedActivityLogs();

describe('trainModel: a tfidf-linear trial', () => {
  const store = new MemoryArtifactStore();
  let input: TrainModelInput;
  beforeAll(async () => {
    const put = (seed: number, n: number) =>
      putArtifact(store, {
        runPrefix: 'runs/t',
        kind: 'dataset',
        body: examplesToJsonl(syntheticExamples(n, seed)),
        ext: 'jsonl',
      });
    const [train, val] = await Promise.all([put(1, 120), put(2, 40)]);
    input = {
      runPrefix: 'runs/t',
      trialId: 'trial-0001',
      family: 'tfidf-linear',
      params: { classifier: 'svm', c: 2 },
      epochs: 1,
      seed: 7,
      maxLen: 12,
      vocabSize: 100,
      objective: 'val_accuracy',
      data: { train, val, labels: ['pos', 'neg'] },
    };
  });
  const activities = () =>
    createTrainModelActivities({
      store,
      allowFileSources: false,
      backend: PURE_CPU_BACKEND,
      training: { mode: 'inline' },
    });

  it('fits once, scores val, writes a tfidf-linear model and its val predictions, and evaluation loads it', async () => {
    const env = new MockActivityEnvironment(undefined, { logger: activityLogs.logger });
    const beats: TrainingHeartbeat[] = [];
    env.on('heartbeat', (d: TrainingHeartbeat) => beats.push(d));
    const out = (await env.run(activities().trainModel, input)) as TrainModelOutput;
    expect(out.history).toHaveLength(1);
    expect(out.score).toBeGreaterThan(0.9); // the synthetic cue words separate the classes
    expect(out.resumedFromEpoch).toBe(0);
    const bytes = await readArtifact(store, out.model!);
    expect(isTfidfLinearBytes(bytes)).toBe(true);
    const candidate = await loadCandidateModel(bytes);
    expect(candidate.history.map((h) => h.epoch)).toEqual([1]);
    const preds = JSON.parse(new TextDecoder().decode(await readArtifact(store, out.valPredictions!))) as {
      probabilities: number[][];
    };
    expect(preds.probabilities).toHaveLength(40);
    expect(beats.some((b) => b.checkpoint && b.epoch === 1)).toBe(true);
  });

  it('a retried attempt resumes from the fitted checkpoint instead of refitting', async () => {
    const env = new MockActivityEnvironment(undefined, { logger: activityLogs.logger });
    let checkpoint: TrainingHeartbeat | undefined;
    env.on('heartbeat', (d: TrainingHeartbeat) => (checkpoint = d.checkpoint ? d : checkpoint));
    const first = (await env.run(activities().trainModel, { ...input, trialId: 'trial-0002' })) as TrainModelOutput;
    const retry = new MockActivityEnvironment(
      { heartbeatDetails: checkpoint, attempt: 2 },
      { logger: activityLogs.logger },
    );
    const second = (await retry.run(activities().trainModel, { ...input, trialId: 'trial-0002' })) as TrainModelOutput;
    expect(second.resumedFromEpoch).toBe(1);
    expect(second.history).toEqual(first.history);
    expect(second.score).toBe(first.score);
  });

  it('text-classifier hyperparameters on a tfidf-linear trial fail the attempt for good, naming them', async () => {
    const env = new MockActivityEnvironment(undefined, { logger: activityLogs.logger });
    await expect(
      env.run(activities().trainModel, { ...input, trialId: 'trial-0003', params: { learningRate: 0.01 } }),
    ).rejects.toMatchObject({ nonRetryable: true, message: expect.stringContaining('learningRate') });
  });
});
