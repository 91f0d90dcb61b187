/**
 * One training batch of a trainable-embedding classifier on the tfjs `cpu`
 * backend, with the stock UnsortedSegmentSum kernel and with the fast one
 * (lib/models/runtime/kernels), in the same process.
 *
 *   npx tsx bench/embedding-kernel-bench.ts [--batch 64] [--len 32] [--vocab 2000] [--dim 32] [--stock-reps 1] [--fast-reps 10]
 *
 * Prints the median batch time for each kernel and the ratio, then the trainer's
 * full cpu fast path (fast kernels + FusedAdamOptimizer). Same model, same
 * data, same initial weights (seeded); the first fast batch is a warm-up.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from '../lib/models/runtime/fused-adam';
import { registerFastKernels, unregisterFastKernels } from '../lib/models/runtime/kernels';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const BATCH = arg('batch', 64);
const LEN = arg('len', 32);
const VOCAB = arg('vocab', 2000);
const DIM = arg('dim', 32);
const STOCK_REPS = arg('stock-reps', 1);
const FAST_REPS = arg('fast-reps', 10);

function buildModel(fusedAdam: boolean): tf.LayersModel {
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: VOCAB,
      outputDim: DIM,
      inputLength: LEN,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 1 }),
    }),
  );
  model.add(tf.layers.globalAveragePooling1d());
  model.add(
    tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
  );
  model.compile({
    optimizer: fusedAdam ? new FusedAdamOptimizer(1e-3) : tf.train.adam(1e-3),
    loss: 'categoricalCrossentropy',
  });
  return model;
}

async function timeBatches(reps: number, warmup: number, fusedAdam = false): Promise<number[]> {
  const model = buildModel(fusedAdam);
  const x = tf.randomUniform([BATCH, LEN], 0, VOCAB, 'int32', 3);
  const y = tf.oneHot(tf.randomUniform([BATCH], 0, 2, 'int32', 4), 2).toFloat();
  const times: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    const t0 = performance.now();
    await model.trainOnBatch(x, y);
    if (i >= warmup) times.push(performance.now() - t0);
  }
  tf.dispose([x, y]);
  model.dispose();
  return times;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  console.log(`batch ${BATCH} x ${LEN} tokens, vocab ${VOCAB}, dim ${DIM}, backend cpu, node ${process.version}`);
  unregisterFastKernels();
  const stock = median(await timeBatches(STOCK_REPS, 0));
  console.log(`stock UnsortedSegmentSum: ${stock.toFixed(1)} ms/batch (median of ${STOCK_REPS})`);
  registerFastKernels();
  const fast = median(await timeBatches(FAST_REPS, 1));
  console.log(`fast  UnsortedSegmentSum: ${fast.toFixed(1)} ms/batch (median of ${FAST_REPS}, after 1 warm-up)`);
  console.log(`speed-up (kernel only): ${(stock / fast).toFixed(0)}x`);
  const fused = median(await timeBatches(FAST_REPS, 1, true));
  console.log(
    `fast kernels + FusedAdamOptimizer (what the trainer uses on cpu): ${fused.toFixed(1)} ms/batch; speed-up ${(stock / fused).toFixed(0)}x`,
  );
}

void main();
