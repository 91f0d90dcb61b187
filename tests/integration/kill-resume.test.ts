import { putArtifact } from '../../lib/artifacts/content-addressed';
import { examplesToJsonl } from '../../lib/core/example';
import { loadBuiltinDataset } from '../../lib/data/ingest/builtin-datasets';
import { curateDataset } from '../../lib/data/curate-dataset';
import { CurationSchema, DatasetSchema } from '../../configs/experiment-schema';
import type { TrainModelOutput } from '../../activities/contracts';
import { CheckpointPointerSchema, compareCheckpointProgress } from '../../lib/artifacts/checkpoint-pointer';
import { runControlWorker } from '../helpers/control-worker';
import { envVars, testClient, testStore, testWorkerEnv } from '../helpers/real-stack';
import { spawnWorker } from '../helpers/spawn-worker';

jest.setTimeout(300_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Curates the builtin sentiment data (seed 3) and uploads its train/val splits under `runPrefix`. */
async function uploadSentimentSplits(store: ReturnType<typeof testStore>, runPrefix: string) {
  const curated = curateDataset(
    loadBuiltinDataset('uci-sentiment'),
    {
      dataset: DatasetSchema.parse({ source: { kind: 'builtin', name: 'uci-sentiment' } }),
      curation: CurationSchema.parse({}),
    },
    3,
  );
  const put = (rows: typeof curated.splits.train) =>
    putArtifact(store, { runPrefix, kind: 'dataset', body: examplesToJsonl(rows), ext: 'jsonl' });
  return {
    data: { train: await put(curated.splits.train), val: await put(curated.splits.val), labels: curated.labels },
    trainRows: curated.splits.train.length,
  };
}

/**
 * The crash-resumption promise, proved on the real stack: SIGKILL the
 * training worker mid-trial, start a fresh one, and the trial finishes from
 * its last S3 checkpoint (not from epoch 0) with the same result as a run
 * that was never interrupted.
 */
test('a SIGKILLed training worker is replaced and the trial resumes from its last checkpoint', async () => {
  const env = testWorkerEnv('kill');
  const store = testStore(env);
  const runPrefix = `runs/it-kill-${Date.now()}`;
  const { data } = await uploadSentimentSplits(store, runPrefix);
  const epochs = 6;
  const trialInput = (trialId: string) => ({
    runPrefix,
    trialId,
    params: { learningRate: 0.01, embeddingDim: 16, batchSize: 32, dropout: 0.1 },
    epochs,
    seed: 11,
    maxLen: 32,
    vocabSize: 4000,
    objective: 'val_macro_f1' as const,
    data,
    trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE,
  });

  const control = await runControlWorker(env);
  const { client, connection } = await testClient(env);
  const first = spawnWorker('training-worker', envVars(env));
  let second: ReturnType<typeof spawnWorker> | undefined;
  try {
    await first.ready;
    const handle = await client.workflow.start('trainTrial', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId: `${runPrefix.slice(5)}-interrupted`,
      args: [trialInput('interrupted')],
    });

    // Wait until two epochs are checkpointed in S3, then crash the worker mid-epoch 3.
    const checkpoints = `${runPrefix}/trials/interrupted/checkpoint/`;
    const deadline = Date.now() + 180_000;
    while ((await store.list(checkpoints)).length < 2) {
      if (Date.now() > deadline) throw new Error(`no 2 checkpoints in time; worker log:\n${first.output()}`);
      await sleep(250);
    }
    await first.kill();
    const killedAt = Date.now();
    second = spawnWorker('training-worker', envVars(env));
    await second.ready;

    const resumed: TrainModelOutput = await handle.result();
    const recoverySeconds = (Date.now() - killedAt) / 1000;
    expect(resumed.attempt).toBeGreaterThanOrEqual(2);
    expect(resumed.resumedFromEpoch).toBeGreaterThanOrEqual(2);
    expect(resumed.resumedFromEpoch).toBeLessThan(epochs);
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4, 5, 6]);

    // The same trial, never interrupted, ends with the same metrics: resume is exact.
    const straight: TrainModelOutput = await client.workflow.execute('trainTrial', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId: `${runPrefix.slice(5)}-straight`,
      args: [trialInput('straight')],
    });
    expect(straight.resumedFromEpoch).toBe(0);
    expect(resumed.score).toBeCloseTo(straight.score, 4);
    expect(resumed.history[epochs - 1].valLoss).toBeCloseTo(straight.history[epochs - 1].valLoss, 4);
    expect(resumed.score).toBeGreaterThan(0.6);
    console.log(
      `kill-and-resume: resumed from epoch ${resumed.resumedFromEpoch}, attempt ${resumed.attempt}, ${recoverySeconds.toFixed(1)} s from kill to result`,
    );
  } finally {
    await connection.close();
    await first.kill();
    await second?.stop();
    await control.stop();
  }
});

/**
 * A graceful stop (SIGTERM, as Kubernetes sends before evicting a pod) with no
 * grace time: the worker cancels the running attempt, which saves a checkpoint
 * at the batch boundary where it stopped before it gives up; the retry on a
 * new worker continues from there, mid-epoch, and ends exactly like a run
 * that never stopped. Periodic mid-epoch checkpoints (`checkpointEverySteps`)
 * are on too.
 */
test('a SIGTERMed training worker saves where it stopped and the retry resumes mid-epoch', async () => {
  const env = testWorkerEnv('sigterm');
  const store = testStore(env);
  const runPrefix = `runs/it-sigterm-${Date.now()}`;
  const { data, trainRows } = await uploadSentimentSplits(store, runPrefix);
  const batchSize = 16;
  const stepsPerEpoch = Math.ceil(trainRows / batchSize);
  const trialInput = (trialId: string) => ({
    runPrefix,
    trialId,
    params: { learningRate: 0.01, embeddingDim: 16, batchSize, dropout: 0.1 },
    epochs: 4,
    seed: 11,
    maxLen: 32,
    vocabSize: 4000,
    objective: 'val_macro_f1' as const,
    data,
    trainingTaskQueue: env.FF_TRAINING_TASK_QUEUE,
    checkpointEverySteps: 25,
  });
  const pointerKey = `${runPrefix}/trials/stopped/latest-checkpoint.json`;
  const readPointer = async () =>
    (await store.head(pointerKey))
      ? CheckpointPointerSchema.parse(JSON.parse(new TextDecoder().decode(await store.get(pointerKey))))
      : undefined;

  const control = await runControlWorker(env);
  const { client, connection } = await testClient(env);
  const first = spawnWorker('training-worker', { ...envVars(env), FF_SHUTDOWN_GRACE_SECONDS: '0' });
  let second: ReturnType<typeof spawnWorker> | undefined;
  try {
    await first.ready;
    const handle = await client.workflow.start('trainTrial', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId: `${runPrefix.slice(5)}-stopped`,
      args: [trialInput('stopped')],
    });
    // Stop it during epoch 2, after at least one periodic mid-epoch checkpoint of it.
    const deadline = Date.now() + 180_000;
    for (let p = await readPointer(); !(p && p.epoch === 1 && (p.step ?? 0) > 0); p = await readPointer()) {
      if (Date.now() > deadline)
        throw new Error(`no mid-epoch checkpoint of epoch 2 in time; worker log:\n${first.output()}`);
      await sleep(50);
    }
    const beforeStop = (await readPointer())!;
    const stoppedAt = Date.now();
    await first.stop();
    const exitSeconds = (Date.now() - stoppedAt) / 1000;
    const afterStop = (await readPointer())!;
    second = spawnWorker('training-worker', envVars(env));
    await second.ready;

    const resumed: TrainModelOutput = await handle.result();
    expect(exitSeconds).toBeLessThan(15);
    expect(compareCheckpointProgress(afterStop, beforeStop)).toBeGreaterThanOrEqual(0);
    expect(resumed.attempt).toBeGreaterThanOrEqual(2);
    expect({ epoch: resumed.resumedFromEpoch, step: resumed.resumedFromStep ?? 0 }).toEqual({
      epoch: afterStop.epoch,
      step: afterStop.step ?? 0,
    });
    expect(resumed.resumedFromEpoch * stepsPerEpoch + (resumed.resumedFromStep ?? 0)).toBeGreaterThan(stepsPerEpoch);
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);

    const straight: TrainModelOutput = await client.workflow.execute('trainTrial', {
      taskQueue: env.FF_CONTROL_TASK_QUEUE,
      workflowId: `${runPrefix.slice(5)}-straight`,
      args: [trialInput('straight')],
    });
    expect(resumed.score).toBe(straight.score);
    expect(resumed.history.map((h) => h.valLoss)).toEqual(straight.history.map((h) => h.valLoss));
    console.log(
      `graceful stop: worker exited ${exitSeconds.toFixed(1)} s after SIGTERM; checkpoint at SIGTERM epoch ${beforeStop.epoch} + batch ${beforeStop.step}/${stepsPerEpoch}, saved on cancel: epoch ${afterStop.epoch} + batch ${afterStop.step ?? 0}; retry resumed there (attempt ${resumed.attempt})`,
    );
  } finally {
    await connection.close();
    await first.kill();
    await second?.stop();
    await control.stop();
  }
});
