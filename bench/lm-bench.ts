/**
 * Causal-LM training throughput and quality on the default backend.
 *
 *   npx tsx bench/lm-bench.ts [--epochs 3] [--texts 1200]
 *
 * Trains the small causal transformer LM (BPE cl100k_base remapped to a
 * compact vocabulary) on the UCI sentiment sentences as unlabeled domain text
 * and prints, per epoch, training tokens/s and validation perplexity, next to
 * an add-one unigram model's perplexity on the same split (the baseline any
 * LM must beat). Figures depend on the machine and its load; no assertions.
 */
import { loadBuiltinDataset } from '../lib/data/ingest/builtin-datasets';
import { selectBackend } from '../lib/models/runtime/backend';
import { lmSequences, unigramMeanNll } from '../lib/models/causal-lm/causal-lm';
import { createCausalLmTrainer } from '../lib/models/causal-lm/causal-lm-trainer';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const epochs = arg('epochs', 3);
  const n = arg('texts', 1200);
  const backend = await selectBackend('auto');
  const texts = loadBuiltinDataset('uci-sentiment').map((r) => String(r.text));
  const train = texts.slice(0, n);
  const val = texts.slice(2700);
  const options = {
    vocabSize: 1000,
    maxLen: 24,
    embeddingDim: 32,
    transformerLayers: 1,
    transformerHeads: 2,
    transformerFfDim: 64,
  };
  const trainer = createCausalLmTrainer({ train, val, options, learningRate: 0.01, batchSize: 32, seed: 1 });
  await trainer.setup();
  const tr = lmSequences(train, trainer.tokenizer, options.maxLen);
  const va = lmSequences(val, trainer.tokenizer, options.maxLen);
  const unigram = Math.exp(unigramMeanNll(tr, va, options.vocabSize));
  console.log(`command: npx tsx bench/lm-bench.ts --epochs ${epochs} --texts ${n}`);
  console.log(
    `backend ${backend.name}; ${tr.n} train texts (${tr.tokens} tokens), ${va.n} val texts (${va.tokens} tokens); model ${JSON.stringify(options)}`,
  );
  console.log(
    `unigram baseline val perplexity: ${unigram.toFixed(1)}; untrained LM: ${trainer.evaluate().perplexity.toFixed(1)}`,
  );
  for (let e = 0; e < epochs; e++) {
    const m = await trainer.runEpoch();
    console.log(
      `epoch ${m.epoch}: ${m.tokensPerSecond.toFixed(0)} train tokens/s, train loss ${m.trainLoss.toFixed(3)}, val perplexity ${m.valPerplexity.toFixed(1)} (${(m.valPerplexity / unigram).toFixed(2)}x unigram)`,
    );
  }
  trainer.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
