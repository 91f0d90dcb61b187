import * as tf from '@tensorflow/tfjs';
import { loadBuiltinDataset } from '../../../../lib/data/ingest/builtin-datasets';
import { BpeTokenizer, BOS_ID } from '../../../../lib/models/tokenizers/bpe-tokenizer';
import { OOV_ID } from '../../../../lib/models/tokenizers/word-tokenizer';
import { lmSequences, unigramMeanNll } from '../../../../lib/models/causal-lm/causal-lm';
import {
  createCausalLmTrainer,
  decodeLmCheckpoint,
  type CausalLmTrainerInput,
} from '../../../../lib/models/causal-lm/causal-lm-trainer';
import { createClassifierTrainer } from '../../../../lib/models/classifier/classifier-trainer';
import { decodeClassifierCheckpoint } from '../../../../lib/models/classifier/classifier-checkpoint';
import { selectBackend } from '../../../../lib/models/runtime/backend';

// Real domain text: the UCI sentiment sentences (unlabeled for the LM).
const rows = loadBuiltinDataset('uci-sentiment');
const texts = rows.map((r) => String(r.text));
const labeled = rows.map((r, i) => ({ id: `s${i}`, text: String(r.text), label: String(r.label) }));
const SIZES = {
  vocabSize: 400,
  maxLen: 16,
  embeddingDim: 16,
  transformerLayers: 1,
  transformerHeads: 2,
  transformerFfDim: 32,
};
const lmInput = (over: Partial<CausalLmTrainerInput> = {}): CausalLmTrainerInput => ({
  train: texts.slice(0, 320),
  val: texts.slice(2800, 2880),
  options: SIZES,
  learningRate: 0.02,
  batchSize: 32,
  seed: 3,
  ...over,
});

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('BpeTokenizer', () => {
  test('compact vocabulary: most frequent BPE ids, OOV for the rest, round-trips through JSON', () => {
    const tok = BpeTokenizer.fit(['the cat sat', 'the dog sat', 'the end'], { vocabSize: 10, maxLen: 4 });
    expect(tok.size).toBe(3 + new Set(['the cat sat', 'the dog sat', 'the end'].flatMap((t) => tok.ids(t))).size);
    expect(tok.size).toBeLessThanOrEqual(10);
    const ids = tok.ids('the cat');
    expect(ids[0]).toBe(3); // "the" is the most frequent token
    expect(tok.ids('zebra quantum').every((id) => id === OOV_ID)).toBe(true);
    const back = BpeTokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(Array.from(back.encode(['the dog sat']))).toEqual(Array.from(tok.encode(['the dog sat'])));
    expect(tok.toJSON()).toMatchObject({ kind: 'bpe', encoding: 'cl100k_base', package: 'gpt-tokenizer@3.4.0' });
    expect(tok.decode(tok.ids('the dog sat'))).toBe('the dog sat');
  });

  test('LM sequences start with BOS and shift targets by one', () => {
    const tok = BpeTokenizer.fit(['a b c'], { vocabSize: 10, maxLen: 8 });
    const seq = lmSequences(['a b c'], tok, 8);
    expect(seq.inputs[0]).toBe(BOS_ID);
    expect(seq.inputs[1]).toBe(seq.targets[0]);
    expect(seq.tokens).toBe(tok.ids('a b c').length);
  });
});

describe('causal LM', () => {
  let lmBytes: Uint8Array;

  test('perplexity drops well below the unigram baseline; resume from a checkpoint is exact', async () => {
    const full = createCausalLmTrainer(lmInput());
    await full.setup();
    const before = full.evaluate().perplexity;
    await full.runEpoch();
    const mid = await full.save();
    const last = await full.runEpoch();
    await full.runEpoch();
    const final = full.history[2];
    lmBytes = await full.save();
    const tok = full.tokenizer;
    const unigram = Math.exp(
      unigramMeanNll(
        lmSequences(lmInput().train, tok, SIZES.maxLen),
        lmSequences(lmInput().val, tok, SIZES.maxLen),
        SIZES.vocabSize,
      ),
    );
    full.close();
    expect(before).toBeGreaterThan(SIZES.vocabSize * 0.5); // ~uniform at init
    console.log(
      `LM val perplexity ${final.valPerplexity.toFixed(1)} vs unigram ${unigram.toFixed(1)} (init ${before.toFixed(1)})`,
    );
    expect(final.valPerplexity).toBeLessThan(unigram * 0.85);

    const resumed = createCausalLmTrainer(lmInput());
    await resumed.setup(mid);
    expect(resumed.epochsDone).toBe(1);
    const again = await resumed.runEpoch();
    resumed.close();
    expect(again.trainLoss).toBeCloseTo(last.trainLoss, 5);
    expect(again.valPerplexity).toBeCloseTo(last.valPerplexity, 4);
    expect(decodeLmCheckpoint(lmBytes).header.tokenizer.kind).toBe('bpe');
    expect(tf.memory().numTensors).toBeLessThan(50);
  }, 180_000);

  test('a classifier fine-tuned from the LM uses its tokenizer and weights, and trains', async () => {
    const train = labeled.slice(0, 320);
    const val = labeled.slice(2800, 2880);
    const input = {
      train,
      val,
      labels: ['negative', 'positive'],
      seed: 5,
      maxLen: SIZES.maxLen,
      vocabSize: 8000,
      hyper: {
        learningRate: 0.005,
        batchSize: 32,
        embeddingDim: SIZES.embeddingDim,
        dropout: 0,
        encoder: 'transformer' as const,
      },
      model: { transformerHeads: 2, transformerFfDim: 32, transformerLayers: 1 },
      initFromLm: lmBytes,
    };
    const clf = createClassifierTrainer(input);
    await clf.setup();
    const start = decodeClassifierCheckpoint(await clf.save());
    const lm = decodeLmCheckpoint(lmBytes);
    expect(start.header.tokenizer).toMatchObject({ kind: 'bpe' });
    expect(start.header.model.vocabSize).toBe(SIZES.vocabSize);
    // Embedding and the attention block start as the LM's.
    const find = (arr: { name: string; values: Float32Array | Int32Array }[], part: string) =>
      arr.find((t) => t.name.includes(part))!.values;
    expect(Array.from(find(start.state.weights, 'embedding'))).toEqual(Array.from(find(lm.tensors, 'embedding')));
    expect(Array.from(find(start.state.weights, 'block0_ff_in'))).toEqual(Array.from(find(lm.tensors, 'block0_ff_in')));
    let m = await clf.runEpoch();
    for (let e = 0; e < 2; e++) m = await clf.runEpoch();
    clf.close();
    expect(m.trainLoss).toBeLessThan(clf.history[0].trainLoss);
    expect(m.valAccuracy).toBeGreaterThan(0.6);
  }, 120_000);
});
