/**
 * What training in a worker thread (issue 15) costs per trial, on the demo's
 * model and data (UCI sentiment, maxLen 40, vocab 6000, dim 32, batch 32):
 * thread start-up (spawn, tsx, tfjs and backend load, trainer created) and
 * the per-batch round trip, against the same trainer inline.
 *
 *   npx tsx bench/trainer-thread-overhead.ts [--runs 3] [--epochs 2]
 *
 * Prints figures only; interleaves inline and threaded runs so load drifts hit both.
 */
import { createRng, shuffled } from '../lib/core/rng';
import { selectBackend, samePreferenceAs } from '../lib/models/runtime/backend';
import {
  createClassifierTrainer,
  type ClassifierEpochMetrics,
  type ClassifierPartialEpoch,
  type ClassifierTrainerInput,
} from '../lib/models/classifier/classifier-trainer';
import { startTrainerThread } from '../lib/models/training/thread/start-trainer-thread';
import { sentimentExamples } from './sentiment-examples';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const MODULE = require.resolve('../lib/models/classifier/classifier-trainer');

async function timeRun(input: ClassifierTrainerInput, epochs: number, threaded: boolean) {
  const t0 = performance.now();
  const trainer = threaded
    ? await startTrainerThread<ClassifierEpochMetrics, ClassifierPartialEpoch>(
        { module: MODULE, factory: 'createClassifierTrainer', input, backend: samePreferenceAs() },
        { stopGraceMs: 10_000 },
      )
    : createClassifierTrainer(input);
  const ready = performance.now();
  await trainer.setup();
  let batches = 0;
  const signal = new AbortController().signal;
  for (let e = 0; e < epochs; e++) await trainer.runEpoch(signal, async () => void batches++);
  const done = performance.now();
  await trainer.close();
  return { startMs: ready - t0, trainMs: done - ready, batches };
}

async function main(): Promise<void> {
  const backend = await selectBackend('auto');
  const rows = shuffled(sentimentExamples(), createRng(42));
  const cut = Math.round(rows.length * 0.7);
  const input: ClassifierTrainerInput = {
    train: rows.slice(0, cut),
    val: rows.slice(cut),
    labels: ['negative', 'positive'],
    hyper: { learningRate: 0.01, batchSize: 32, embeddingDim: 32, dropout: 0.2 },
    maxLen: 40,
    vocabSize: 6000,
    seed: 42,
  };
  const runs = arg('runs', 3);
  const epochs = arg('epochs', 2);
  console.log(`backend ${backend.name}; train ${input.train.length} rows, ${epochs} epochs per run, ${runs} runs each`);
  const rowsOut: Record<string, { startMs: number; trainMs: number; batches: number }[]> = { inline: [], thread: [] };
  for (let r = 0; r < runs; r++) {
    rowsOut.inline.push(await timeRun(input, epochs, false));
    rowsOut.thread.push(await timeRun(input, epochs, true));
  }
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [mode, rs] of Object.entries(rowsOut)) {
    const start = median(rs.map((r) => r.startMs));
    const train = median(rs.map((r) => r.trainMs));
    console.log(
      `${mode.padEnd(6)} start ${start.toFixed(0)} ms (runs: ${rs.map((r) => r.startMs.toFixed(0)).join(', ')}), ` +
        `setup+train ${train.toFixed(0)} ms (${(train / rs[0].batches).toFixed(2)} ms/batch over ${rs[0].batches} batches)`,
    );
  }
  const perBatch =
    (median(rowsOut.thread.map((r) => r.trainMs)) - median(rowsOut.inline.map((r) => r.trainMs))) /
    rowsOut.inline[0].batches;
  console.log(`thread overhead: start-up per trial as above; ${perBatch.toFixed(3)} ms per batch (median difference)`);
}

void main();
