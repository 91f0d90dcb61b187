import * as tf from '@tensorflow/tfjs';
import {
  createClassifierTrainer,
  type ClassifierTrainerInput,
} from '../../../../lib/models/classifier/classifier-trainer';
import type { Encoder } from '../../../../lib/models/layers/text-encoders';
import { selectBackend, type BackendPreference } from '../../../../lib/models/runtime/backend';
import { syntheticExamples } from '../../../helpers/synthetic-fixture';

/**
 * Same results on every backend: a unit-sized classifier trained for 2 epochs
 * on wasm (and native 'tensorflow' when it loads here) reaches the cpu
 * backend's val loss within REL_TOL, and a checkpoint written on one backend
 * resumes on the other to the same metrics. tf.setBackend is process-wide,
 * so every step runs sequentially in this one file.
 */
const REL_TOL = 1e-3;

const input = (encoder: Encoder): ClassifierTrainerInput => ({
  train: syntheticExamples(64, 1),
  val: syntheticExamples(32, 2),
  labels: ['pos', 'neg'],
  hyper: { learningRate: 0.02, batchSize: 16, embeddingDim: 8, dropout: 0, encoder },
  model: { cnnFilters: 8, transformerFfDim: 16 },
  maxLen: 10,
  vocabSize: 48,
  seed: 7,
});

async function valLosses(backend: BackendPreference, encoder: Encoder, epochs: number): Promise<number[]> {
  await selectBackend(backend);
  const trainer = createClassifierTrainer(input(encoder));
  await trainer.setup();
  for (let e = 0; e < epochs; e++) await trainer.runEpoch();
  const losses = trainer.history.map((h) => h.valLoss);
  trainer.close();
  return losses;
}

function relDiff(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-8);
}

/** Whether native tfjs-node loads on this machine (it is optional; absent where it cannot be built). */
async function nativeLoads(): Promise<boolean> {
  try {
    await selectBackend('tensorflow');
    return true;
  } catch {
    return false;
  }
}

let others: BackendPreference[] = ['wasm'];

beforeAll(async () => {
  const native = await nativeLoads();
  // test.sh sets FF_EXPECT_NATIVE_TF=1 after scripts/install-tfjs-native.sh succeeded: then parity must cover native.
  if (process.env.FF_EXPECT_NATIVE_TF === '1' && !native)
    throw new Error('FF_EXPECT_NATIVE_TF=1 but the tensorflow backend does not load');
  if (native) others = ['wasm', 'tensorflow'];
  await selectBackend('cpu');
});

afterAll(async () => {
  await selectBackend('cpu');
});

describe('backend parity', () => {
  // Measured on wasm: relative differences of 1e-8 (float32 summation order); 1e-3 leaves room for native kernels.
  it.each([
    ['average', 2],
    ['cnn', 2],
    ['transformer', 1],
  ] as const)('%s: val loss after %i epoch(s) agrees with cpu within 1e-3 relative', async (encoder, epochs) => {
    const cpu = await valLosses('cpu', encoder, epochs);
    for (const other of others) {
      const got = await valLosses(other, encoder, epochs);
      if (process.env.FF_PARITY_VERBOSE)
        console.log(
          encoder,
          other,
          got.map((l, e) => relDiff(l, cpu[e])),
        );
      got.forEach((loss, e) =>
        expect({ other, encoder, epoch: e + 1, rel: relDiff(loss, cpu[e]) < REL_TOL }).toEqual({
          other,
          encoder,
          epoch: e + 1,
          rel: true,
        }),
      );
    }
  });

  it('a checkpoint written on one backend resumes on another to the same metrics', async () => {
    const encoder: Encoder = 'cnn';
    const reference = await valLosses('cpu', encoder, 2);
    for (const [from, to] of others.flatMap(
      (o) =>
        [
          ['cpu', o],
          [o, 'cpu'],
        ] as [BackendPreference, BackendPreference][],
    )) {
      await selectBackend(from);
      const first = createClassifierTrainer(input(encoder));
      await first.setup();
      await first.runEpoch();
      const bytes = await first.save();
      first.close();
      await selectBackend(to);
      expect(tf.getBackend()).toBe(to === 'tensorflow' ? 'tensorflow' : to);
      const second = createClassifierTrainer(input(encoder));
      await second.setup(bytes);
      expect(second.epochsDone).toBe(1);
      await second.runEpoch();
      const resumed = second.history.map((h) => h.valLoss);
      second.close();
      resumed.forEach((loss, e) =>
        expect({ from, to, epoch: e + 1, ok: relDiff(loss, reference[e]) < REL_TOL }).toEqual({
          from,
          to,
          epoch: e + 1,
          ok: true,
        }),
      );
    }
  });
});
