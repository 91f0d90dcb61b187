/**
 * Per-epoch training time of the text classifier on real data: the UCI
 * "Sentiment Labelled Sentences" set shipped in the `sentiment` package
 * (amazon/imdb/yelp, 3,000 sentences), 70% train / 30% val by a seeded split.
 *
 *   npx tsx bench/sentiment-epoch-bench.ts [--epochs 4] [--maxLen 40] [--vocab 6000] [--dim 32] [--batch 32] [--dropout 0.2] [--lr 0.01]
 *
 * Prints seconds per epoch and val metrics; uses the trainer exactly as the
 * training activity does (selectBackend('auto') -> cpu + fast kernels here).
 */
import { createRng, shuffled } from '../lib/core/rng';
import { selectBackend } from '../lib/models/runtime/backend';
import { createClassifierTrainer } from '../lib/models/classifier/classifier-trainer';
import { sentimentExamples } from './sentiment-examples';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const backend = await selectBackend('auto');
  const rows = shuffled(sentimentExamples(), createRng(42));
  const cut = Math.round(rows.length * 0.7);
  const train = rows.slice(0, cut);
  const val = rows.slice(cut);
  const epochs = arg('epochs', 4);
  const hyper = {
    learningRate: arg('lr', 0.01),
    batchSize: arg('batch', 32),
    embeddingDim: arg('dim', 32),
    dropout: arg('dropout', 0.2),
  };
  console.log(
    `backend ${backend.name}; train ${train.length}, val ${val.length}; maxLen ${arg('maxLen', 40)}, vocab ${arg('vocab', 6000)}, ${JSON.stringify(hyper)}`,
  );
  const trainer = createClassifierTrainer({
    train,
    val,
    labels: ['negative', 'positive'],
    hyper,
    maxLen: arg('maxLen', 40),
    vocabSize: arg('vocab', 6000),
    seed: 1,
  });
  const t0 = performance.now();
  await trainer.setup();
  console.log(`setup ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  for (let e = 0; e < epochs; e++) {
    const m = await trainer.runEpoch();
    console.log(
      `epoch ${m.epoch}: ${m.seconds.toFixed(2)} s (${m.samplesPerSecond.toFixed(0)} samples/s) trainLoss ${m.trainLoss.toFixed(4)} valLoss ${m.valLoss.toFixed(4)} valAcc ${m.valAccuracy.toFixed(3)} valF1 ${m.valMacroF1.toFixed(3)}`,
    );
  }
  const t1 = performance.now();
  const bytes = await trainer.save();
  console.log(`checkpoint ${(bytes.length / 1024).toFixed(0)} KiB in ${(performance.now() - t1).toFixed(0)} ms`);
  trainer.close();
}

void main();
