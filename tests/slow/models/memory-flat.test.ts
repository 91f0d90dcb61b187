import * as tf from '@tensorflow/tfjs';
import { createClassifierTrainer } from '../../../lib/models/classifier/classifier-trainer';
import { selectBackend } from '../../../lib/models/runtime/backend';
import { syntheticExamples } from '../../helpers/synthetic-fixture';

jest.setTimeout(300_000);

const train = syntheticExamples(48, 1);
const val = syntheticExamples(16, 2);

/** One small trial as a worker runs it: setup, 1 epoch, save, predict, close. */
async function oneTraining(i: number): Promise<void> {
  const t = createClassifierTrainer({
    train,
    val,
    labels: ['pos', 'neg'],
    maxLen: 12,
    vocabSize: 80,
    seed: i,
    epochs: 1,
    hyper: { learningRate: 0.01, batchSize: 16, embeddingDim: 8, dropout: 0.1, encoder: i % 2 ? 'cnn' : 'average' },
  });
  try {
    await t.setup();
    await t.runEpoch();
    await t.save();
    await t.predict(['great movie']);
  } finally {
    t.close();
  }
}

const gc = (globalThis as { gc?: () => void }).gc;

test('50 trainings in one process: tensor count returns to baseline, heap growth stays bounded', async () => {
  await selectBackend('cpu');
  // Warm-up: kernels, layer-name registries and JIT settle before the baseline.
  for (let i = 0; i < 5; i++) await oneTraining(i);
  gc?.();
  const tensors = tf.memory().numTensors;
  const heap = process.memoryUsage().heapUsed;
  for (let i = 0; i < 50; i++) {
    await oneTraining(100 + i);
    expect(tf.memory().numTensors).toBe(tensors);
  }
  gc?.();
  const growthMb = (process.memoryUsage().heapUsed - heap) / 2 ** 20;
  console.log(
    `memory-flat: tensors ${tensors} -> ${tf.memory().numTensors}; heap growth over 50 trainings ${growthMb.toFixed(1)} MB (gc exposed: ${Boolean(gc)})`,
  );
  // A leaked tensor shows in numTensors (checked after every training). The heap bound catches leaked
  // JS objects (graphs, histories, tokenizers); without --expose-gc the heap also holds uncollected
  // garbage, so it is generous: 30 MB over 50 trainings is > 0.6 MB retained per training.
  expect(growthMb).toBeLessThan(30);
});
