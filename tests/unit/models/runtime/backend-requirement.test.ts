import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createTrainingActivities } from '../../../../activities';
import type { TrainModelInput, TrainModelOutput } from '../../../../activities/contracts';
import { MemoryArtifactStore } from '../../../../lib/artifacts/memory-artifact-store';
import { putArtifact } from '../../../../lib/artifacts/content-addressed';
import { examplesToJsonl } from '../../../../lib/core/example';
import { PURE_CPU_BACKEND, selectBackend } from '../../../../lib/models/runtime/backend';
import {
  describeBackend,
  meetsBackendRequirement,
  type SelectedBackend,
} from '../../../../lib/models/runtime/backend-requirement';
import { refuseUnmetBackend } from '../../../../workers/training-worker';
import { syntheticExamples } from '../../../helpers/synthetic-fixture';
import { capturedActivityLogs } from '../../../helpers/activity-logs';

const activityLogs = capturedActivityLogs();

const NATIVE_CPU: SelectedBackend = { name: 'tensorflow', native: true, gpu: false };
const NATIVE_GPU: SelectedBackend = { name: 'tensorflow', native: true, gpu: true };

describe('backend requirements', () => {
  test.each([
    ['any', PURE_CPU_BACKEND, true],
    ['any', undefined, true],
    ['native', PURE_CPU_BACKEND, false],
    ['native', NATIVE_CPU, true],
    ['native', NATIVE_GPU, true],
    ['native', undefined, false],
    ['gpu', PURE_CPU_BACKEND, false],
    ['gpu', NATIVE_CPU, false],
    ['gpu', NATIVE_GPU, true],
    ['gpu', undefined, false],
  ] as const)('%s is met by %o: %s', (requirement, backend, met) => {
    expect(meetsBackendRequirement(backend, requirement)).toBe(met);
  });

  test('descriptions say native or pure JS, and which build', async () => {
    expect(describeBackend(await selectBackend('cpu'))).toBe('cpu (pure JS)');
    expect(describeBackend(NATIVE_GPU)).toBe('tensorflow (native, GPU build)');
    expect(describeBackend(NATIVE_CPU)).toBe('tensorflow (native, CPU build)');
  });

  test('a training worker refuses to poll when FF_REQUIRE_BACKEND is not met, and says how to fix it', () => {
    const env = { FF_REQUIRE_BACKEND: 'gpu' as const, FF_TRAINING_TASK_QUEUE: 'gpu-pool' };
    expect(() => refuseUnmetBackend(env, PURE_CPU_BACKEND)).toThrow(
      /FF_REQUIRE_BACKEND=gpu but this worker's tfjs backend is cpu \(pure JS\); not polling gpu-pool\. install @tensorflow\/tfjs-node-gpu.*FF_REQUIRE_BACKEND=any/,
    );
    expect(() => refuseUnmetBackend(env, NATIVE_CPU)).toThrow(/native, CPU build/);
    expect(() => refuseUnmetBackend(env, NATIVE_GPU)).not.toThrow();
    expect(() => refuseUnmetBackend({ ...env, FF_REQUIRE_BACKEND: 'any' }, PURE_CPU_BACKEND)).not.toThrow();
  });
});

describe('training activities check model.requireBackend', () => {
  const store = new MemoryArtifactStore();
  const env = () => new MockActivityEnvironment({ taskQueue: 'finetune-training' }, { logger: activityLogs.logger });
  let input: TrainModelInput;

  beforeAll(async () => {
    const put = (seed: number) =>
      putArtifact(store, {
        runPrefix: 'runs/req',
        kind: 'dataset',
        body: examplesToJsonl(syntheticExamples(24, seed)),
        ext: 'jsonl',
      });
    const [train, val] = await Promise.all([put(1), put(2)]);
    input = {
      runPrefix: 'runs/req',
      trialId: 'trial-0000',
      params: { learningRate: 0.02, batchSize: 8, embeddingDim: 8 },
      epochs: 1,
      seed: 1,
      maxLen: 8,
      vocabSize: 100,
      objective: 'val_macro_f1',
      data: { train, val, labels: ['pos', 'neg'] },
    };
  });

  test.each(['gpu', 'native'] as const)(
    "trainModel requiring '%s' on the pure-JS backend fails once, naming the field, writing nothing",
    async (requirement) => {
      const before = await store.list('runs/req/trials/');
      const activities = createTrainingActivities({
        store,
        allowFileSources: false,
        backend: PURE_CPU_BACKEND,
        training: { mode: 'inline' },
      });
      activityLogs.clear();
      const err = await env()
        .run(activities.trainModel, { ...input, requireBackend: requirement })
        .catch((e: unknown) => e);
      expect(activityLogs.messages()).toContain('Activity failed');
      expect(err).toBeInstanceOf(ApplicationFailure);
      expect((err as ApplicationFailure).type).toBe('ConfigError');
      expect((err as ApplicationFailure).nonRetryable).toBe(true);
      expect((err as Error).message).toContain(
        `model.requireBackend is "${requirement}" but the training worker on task queue "finetune-training" runs cpu (pure JS)`,
      );
      expect((err as Error).message).toContain('or set model.requireBackend to "any"');
      expect(await store.list('runs/req/trials/')).toEqual(before);
    },
  );

  test('trainModel on a backend that meets the requirement trains as usual', async () => {
    // The pure-JS backend does the arithmetic; the worker reports a GPU build (the check reads only deps.backend).
    const activities = createTrainingActivities({
      store,
      allowFileSources: false,
      backend: NATIVE_GPU,
      training: { mode: 'inline' },
    });
    const out: TrainModelOutput = await env().run(activities.trainModel, { ...input, requireBackend: 'gpu' as const });
    expect(out.history).toHaveLength(1);
    expect(out.backend).toBe('tensorflow');
  });

  test('the pre-flight check reports what the worker runs, or fails like a training attempt', async () => {
    const cpu = createTrainingActivities({ store, allowFileSources: false, backend: PURE_CPU_BACKEND });
    await expect(env().run(cpu.checkTrainingBackend, { requirement: 'any' as const })).resolves.toEqual({
      backend: PURE_CPU_BACKEND,
      description: 'cpu (pure JS)',
      taskQueue: 'finetune-training',
    });
    const err = await env()
      .run(cpu.checkTrainingBackend, { requirement: 'gpu' as const })
      .catch((e: unknown) => e);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as Error).message).toMatch(/^model\.requireBackend is "gpu"/);
    const unreported = createTrainingActivities({ store, allowFileSources: false });
    const err2 = await env()
      .run(unreported.checkTrainingBackend, { requirement: 'native' as const })
      .catch((e: unknown) => e);
    expect((err2 as Error).message).toContain('runs an unreported backend');
  });
});
