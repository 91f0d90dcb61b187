/**
 * Training throughput of each text-classifier encoder on the default backend,
 * and our training loop vs raw `model.fit` on the same model and backend.
 *
 *   npx tsx bench/model-families-bench.ts [--epochs 1] [--encoders average,cnn,bigru,transformer] [--maxLen 40] [--vocab 6000] [--dim 32] [--batch 32]
 *
 * Data: the UCI "Sentiment Labelled Sentences" set shipped in the `sentiment`
 * package (amazon/imdb/yelp; 70/30 seeded split). For each encoder it prints
 * training samples/s of `ClassifierTrainer.runEpoch` (which includes the
 * validation pass, as in production) and of `model.fit` on an identically built
 * and compiled model (same FusedAdam optimizer, same batch size, shuffling,
 * validation data each epoch), and the ratio ours / fit (goal >= 0.9).
 */
import * as tf from '@tensorflow/tfjs';
import type { Example } from '../lib/core/example';
import { createRng, shuffled } from '../lib/core/rng';
import { selectBackend } from '../lib/models/runtime/backend';
import { createClassifierTrainer } from '../lib/models/classifier/classifier-trainer';
import { encodeExamples, makeBatch } from '../lib/models/classifier/classifier-data';
import { FusedAdamOptimizer } from '../lib/models/runtime/fused-adam';
import { buildTextClassifier, TextClassifierOptionsSchema } from '../lib/models/classifier/text-classifier';
import { EncoderSchema, type Encoder } from '../lib/models/layers/text-encoders';
import { WordTokenizer } from '../lib/models/tokenizers/word-tokenizer';
import { sentimentExamples } from './sentiment-examples';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const LABELS = ['negative', 'positive'];
const epochs = Number(arg('epochs', '1'));
const maxLen = Number(arg('maxLen', '40'));
const vocabSize = Number(arg('vocab', '6000'));
const hyper = {
  learningRate: 0.01,
  batchSize: Number(arg('batch', '32')),
  embeddingDim: Number(arg('dim', '32')),
  dropout: 0.2,
};

/** Samples/s of our trainer over `epochs` epochs, and its final val accuracy. */
async function ours(encoder: Encoder, train: Example[], val: Example[]): Promise<{ rate: number; acc: number }> {
  const trainer = createClassifierTrainer({
    train,
    val,
    labels: LABELS,
    hyper: { ...hyper, encoder },
    maxLen,
    vocabSize,
    seed: 1,
  });
  await trainer.setup();
  let seconds = 0;
  for (let e = 0; e < epochs; e++) seconds += (await trainer.runEpoch()).seconds;
  const acc = trainer.history[trainer.history.length - 1].valAccuracy;
  trainer.close();
  return { rate: (train.length * epochs) / seconds, acc };
}

/** Samples/s of raw `model.fit` on the same model, optimizer and data. */
async function rawFit(encoder: Encoder, train: Example[], val: Example[]): Promise<number> {
  const tokenizer = WordTokenizer.fit(
    train.map((e) => e.text),
    { vocabSize, maxLen },
  );
  const options = TextClassifierOptionsSchema.parse({
    encoder,
    embeddingDim: hyper.embeddingDim,
    dropout: hyper.dropout,
    maxLen,
    vocabSize,
  });
  const { model } = buildTextClassifier(options, LABELS.length, 1);
  model.compile({
    optimizer: new FusedAdamOptimizer(hyper.learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const [tr, va] = [train, val].map((set) => encodeExamples(set, LABELS, tokenizer));
  const a = makeBatch(
    tr,
    Array.from({ length: tr.n }, (_, i) => i),
    LABELS.length,
  );
  const b = makeBatch(
    va,
    Array.from({ length: va.n }, (_, i) => i),
    LABELS.length,
  );
  const t0 = performance.now();
  await model.fit(a.x, a.y, {
    batchSize: hyper.batchSize,
    epochs,
    shuffle: true,
    validationData: [b.x, b.y],
    verbose: 0,
  });
  const seconds = (performance.now() - t0) / 1000;
  tf.dispose([a.x, a.y, b.x, b.y]);
  model.optimizer.dispose();
  model.dispose();
  return (train.length * epochs) / seconds;
}

async function main(): Promise<void> {
  const backend = await selectBackend('auto');
  const rows = shuffled(sentimentExamples(), createRng(42));
  const cut = Math.round(rows.length * 0.7);
  const [train, val] = [rows.slice(0, cut), rows.slice(cut)];
  const encoders = arg('encoders', EncoderSchema.options.join(','))
    .split(',')
    .map((e) => EncoderSchema.parse(e));
  console.log(`$ npx tsx bench/model-families-bench.ts ${process.argv.slice(2).join(' ')}`);
  console.log(
    `backend ${backend.name}; train ${train.length}, val ${val.length}; maxLen ${maxLen}, vocab ${vocabSize}, epochs ${epochs}, ${JSON.stringify(hyper)}`,
  );
  console.log('encoder      ours samples/s   model.fit samples/s   ratio   val acc');
  for (const encoder of encoders) {
    const fit = await rawFit(encoder, train, val);
    const mine = await ours(encoder, train, val);
    const cells = [
      encoder.padEnd(12),
      mine.rate.toFixed(0).padStart(15),
      fit.toFixed(0).padStart(21),
      (mine.rate / fit).toFixed(2).padStart(7),
      mine.acc.toFixed(3).padStart(9),
    ];
    console.log(cells.join(' '));
  }
}

void main();
