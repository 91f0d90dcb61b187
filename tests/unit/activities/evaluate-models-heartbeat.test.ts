import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import {
  createEvaluationActivities,
  type EvaluationHeartbeat,
  type LoadedCandidate,
} from '../../../activities/evaluation-activities';
import type { EvaluateInput, EvaluateOutput } from '../../../activities/contracts';
import { EnsembleSchema, EvaluationSchema } from '../../../configs/experiment-schema';
import { putArtifact, putJsonArtifact } from '../../../lib/artifacts/content-addressed';
import { examplesToJsonl, type Example } from '../../../lib/core/example';
import { createRng } from '../../../lib/core/rng';
import { S3LikeMemoryStore } from '../../helpers/s3-like-store';

jest.setTimeout(60_000);

// Many classes, few rows each: the shape that made every attempt miss its heartbeat timeout.
const CLASSES = 300;
const labels = Array.from({ length: CLASSES }, (_, i) => `c${i}`);
const rows = (split: string, perClass: number): Example[] =>
  labels.flatMap((l, c) =>
    Array.from({ length: perClass }, (_, k) => ({ id: `${split}-${c}-${k}`, text: `${l} ${k}`, label: l })),
  );

/** Probabilities peaked on the true class with seeded noise, so every class has curves. */
function probabilities(examples: readonly Example[], seed: number): number[][] {
  const rng = createRng(seed);
  return examples.map((e) => {
    const raw = labels.map((l) => (l === e.label ? 3 : 0) + rng.next());
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => v / sum);
  });
}

/** A fake model (no tfjs): predicts the test texts' class with noise. */
const fakeModel = (test: readonly Example[], seed: number) => async (): Promise<LoadedCandidate> => {
  const p = probabilities(test, seed);
  const byText = new Map(test.map((e, i) => [e.text, p[i]]));
  return { history: [], predict: async (texts) => texts.map((t) => byText.get(t)!), close: () => undefined };
};

describe('evaluateModels activity heartbeats and cancellation', () => {
  const store = new S3LikeMemoryStore();
  let input: EvaluateInput;
  const testRows = rows('test', 2);

  beforeAll(async () => {
    const runPrefix = 'runs/eval-hb';
    const train = rows('train', 2);
    const val = rows('val', 2);
    const put = (r: Example[]) =>
      putArtifact(store, { runPrefix, kind: 'dataset', body: examplesToJsonl(r), ext: 'jsonl' });
    const candidates = await Promise.all(
      [0, 1].map(async (i) => ({
        trialId: `trial-${i}`,
        model: await putArtifact(store, { runPrefix, kind: 'model', body: new Uint8Array([i]), ext: 'bin' }),
        valPredictions: await putJsonArtifact(store, {
          runPrefix,
          kind: 'predictions',
          value: { ids: val.map((e) => e.id), probabilities: probabilities(val, 10 + i) },
        }),
        valScore: 0.9 - i / 10,
        params: {},
      })),
    );
    input = {
      runPrefix,
      labels,
      splits: { train: await put(train), val: await put(val), test: await put(testRows) },
      candidates,
      ensemble: EnsembleSchema.parse({ rounds: 3 }),
      evaluation: EvaluationSchema.parse({ bootstrap: { resamples: 100 } }),
      objective: 'val_macro_f1',
      seed: 3,
      funnel: [],
    };
  });

  const activity = () =>
    createEvaluationActivities(
      { store, allowFileSources: false },
      { heartbeatEveryMs: 0, predictBatch: 100, yieldEvery: 25, loadCandidate: fakeModel(testRows, 1) },
    ).evaluateModels;

  test('heartbeats {stage, done, total} through prediction, ensemble rounds, per-class curves and bootstrap', async () => {
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('WARN') });
    const beats: EvaluationHeartbeat[] = [];
    env.on('heartbeat', (d: EvaluationHeartbeat) => beats.push(d));
    const out: EvaluateOutput = await env.run(activity(), input);
    expect(out.singles).toHaveLength(2);
    const stages = [...new Set(beats.map((b) => b.stage))];
    expect(stages).toEqual([
      'predict:trial-0',
      'predict:trial-1',
      'ensemble-selection',
      'curves:trial-0',
      'curves:ensemble',
      'curves:trial-1',
      'bootstrap:best',
      'bootstrap:ensemble',
      'bootstrap:difference',
    ]);
    expect(beats).toContainEqual({ stage: 'predict:trial-0', done: 100, total: 600 });
    expect(beats).toContainEqual({ stage: 'curves:ensemble', done: 25, total: CLASSES });
    expect(beats).toContainEqual({ stage: 'curves:ensemble', done: CLASSES, total: CLASSES });
    expect(beats).toContainEqual({ stage: 'bootstrap:difference', done: 100, total: 100 });
    expect(beats.length).toBeGreaterThan(30);
  });

  test('a cancellation during the computation stops it between chunks', async () => {
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('WARN') });
    const beats: EvaluationHeartbeat[] = [];
    env.on('heartbeat', (d: EvaluationHeartbeat) => {
      beats.push(d);
      if (d.stage === 'curves:ensemble' && d.done === 50) env.cancel();
    });
    const err = await env.run(activity(), input).catch((e: unknown) => e);
    expect((err as Error).name).toBe('CancelledFailure');
    // The heartbeat that cancelled is the last one: nothing ran past the next chunk boundary.
    expect(beats[beats.length - 1]).toEqual({ stage: 'curves:ensemble', done: 50, total: CLASSES });
  });
});
