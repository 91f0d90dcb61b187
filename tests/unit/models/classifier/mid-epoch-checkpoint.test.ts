import { decodeClassifierCheckpoint } from '../../../../lib/models/classifier/classifier-checkpoint';
import {
  createClassifierTrainer,
  type ClassifierTrainerInput,
  type ClassifierEpochMetrics,
} from '../../../../lib/models/classifier/classifier-trainer';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { syntheticExamples } from '../../../helpers/synthetic-fixture';

/** 200 train rows in batches of 16: 13 batches per epoch; dropout, weight decay and a warm-up + cosine schedule make every step count. */
const input: ClassifierTrainerInput = {
  train: syntheticExamples(200, 1),
  val: syntheticExamples(60, 2),
  labels: ['pos', 'neg'],
  hyper: {
    learningRate: 0.01,
    batchSize: 16,
    embeddingDim: 8,
    dropout: 0.3,
    weightDecay: 0.01,
    lrSchedule: 'cosine',
    warmupFraction: 0.1,
  },
  maxLen: 16,
  vocabSize: 64,
  seed: 11,
  epochs: 3,
};

const weights = (bytes: Uint8Array) => decodeClassifierCheckpoint(bytes).state.weights.map((w) => Array.from(w.values));
/** Metrics without wall-clock fields. */
const results = (history: ClassifierEpochMetrics[]) =>
  history.map(({ seconds: _s, samplesPerSecond: _r, ...rest }) => rest);

async function resumeToEnd(checkpoint: Uint8Array): Promise<{ bytes: Uint8Array; history: ClassifierEpochMetrics[] }> {
  const trainer = createClassifierTrainer(input);
  await trainer.setup(checkpoint);
  while (trainer.epochsDone < 3) await trainer.runEpoch();
  const out = { bytes: await trainer.save(), history: trainer.history };
  trainer.close();
  return out;
}

let straight: { bytes: Uint8Array; history: ClassifierEpochMetrics[] };

beforeAll(async () => {
  await selectBackend('cpu');
  const trainer = createClassifierTrainer(input);
  await trainer.setup();
  for (let e = 0; e < 3; e++) await trainer.runEpoch();
  straight = { bytes: await trainer.save(), history: trainer.history };
  trainer.close();
});

test('a checkpoint taken after batch 5 of epoch 2 resumes to exactly the uninterrupted run', async () => {
  const trainer = createClassifierTrainer(input);
  await trainer.setup();
  await trainer.runEpoch();
  let mid: Uint8Array | undefined;
  await trainer.runEpoch(undefined, async (progress, checkpoint) => {
    if (progress.batchesDone === 5) mid = await checkpoint();
  });
  trainer.close();
  const header = decodeClassifierCheckpoint(mid!).header;
  expect(header.epochsDone).toBe(1);
  expect(header.partialEpoch).toMatchObject({ epoch: 2, batchesDone: 5 });
  expect(header.optimizer?.iterations).toBe(13 + 5);

  const resumed = await resumeToEnd(mid!);
  expect(results(resumed.history)).toEqual(results(straight.history));
  expect(weights(resumed.bytes)).toEqual(weights(straight.bytes));
});

test('a mid-epoch checkpoint of epoch 1 (before any full epoch) also resumes exactly', async () => {
  const trainer = createClassifierTrainer(input);
  await trainer.setup();
  let mid: Uint8Array | undefined;
  await trainer.runEpoch(undefined, async (progress, checkpoint) => {
    if (progress.batchesDone === 1) mid = await checkpoint();
  });
  trainer.close();
  expect(decodeClassifierCheckpoint(mid!).header).toMatchObject({
    epochsDone: 0,
    partialEpoch: { epoch: 1, batchesDone: 1 },
  });
  const resumed = await resumeToEnd(mid!);
  expect(weights(resumed.bytes)).toEqual(weights(straight.bytes));
});

test('an abort between batches stops there, save() keeps that boundary, and the resume finishes like the uninterrupted run', async () => {
  const trainer = createClassifierTrainer(input);
  await trainer.setup();
  const controller = new AbortController();
  const reason = new Error('worker shutting down');
  await trainer.runEpoch();
  await expect(
    trainer.runEpoch(controller.signal, (progress) => {
      if (progress.batchesDone === 9) controller.abort(reason);
    }),
  ).rejects.toBe(reason);
  expect(trainer.abortedAt).toMatchObject({ epoch: 2, batchesDone: 9 });
  const saved = await trainer.save();
  await expect(trainer.runEpoch()).rejects.toThrow(/interrupted/);
  trainer.close();
  expect(decodeClassifierCheckpoint(saved).header.partialEpoch).toMatchObject({ epoch: 2, batchesDone: 9 });
  const resumed = await resumeToEnd(saved);
  expect(results(resumed.history)).toEqual(results(straight.history));
  expect(weights(resumed.bytes)).toEqual(weights(straight.bytes));
});

test('an abort before the first batch of an epoch saves the epoch boundary (no partial epoch)', async () => {
  const trainer = createClassifierTrainer(input);
  await trainer.setup();
  await trainer.runEpoch();
  const controller = new AbortController();
  controller.abort(new Error('stop'));
  await expect(trainer.runEpoch(controller.signal)).rejects.toThrow('stop');
  expect(trainer.abortedAt).toBeNull();
  const header = decodeClassifierCheckpoint(await trainer.save()).header;
  trainer.close();
  expect(header.epochsDone).toBe(1);
  expect(header.partialEpoch).toBeUndefined();
});
