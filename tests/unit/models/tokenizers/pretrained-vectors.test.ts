import { ConfigError, DataError } from '../../../../lib/core/errors';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { decodeClassifierCheckpoint } from '../../../../lib/models/classifier/classifier-checkpoint';
import { createClassifierTrainer } from '../../../../lib/models/classifier/classifier-trainer';
import { trimGloveText, trimWinkVectors } from '../../../../lib/models/tokenizers/glove-source';
import {
  decodeVectors,
  encodeVectors,
  type PretrainedVectors,
} from '../../../../lib/models/tokenizers/pretrained-vectors';
import { WordTokenizer } from '../../../../lib/models/tokenizers/word-tokenizer';
import { syntheticExamples } from '../../../helpers/synthetic-fixture';

const DIM = 4;
/** A tiny generated vector set in wink's JSON shape: word vectors plus wink's norm and index. */
function winkFixture(words: string[]): unknown {
  const vectors = Object.fromEntries(
    words.map((w, i) => [w, [...Array.from({ length: DIM }, (_, j) => (i + 1) * 0.1 + j * 0.01), 1.23, i]]),
  );
  return { precision: 4, dimensions: DIM, size: words.length, vectors };
}

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('trimming pretrained vectors', () => {
  const words = ['the', 'great', 'awful', 'love', 'hate', 'zebra'];
  it('keeps the first `top` words of the wink JSON, vectors without the trailing norm/index', () => {
    const v = trimWinkVectors(winkFixture(words), { top: 3 });
    expect(v.words).toEqual(['the', 'great', 'awful']);
    expect(v.dim).toBe(DIM);
    expect(Array.from(v.vectors.subarray(4, 8)).map((x) => +x.toFixed(4))).toEqual([0.2, 0.21, 0.22, 0.23]);
  });

  it('filters by a vocabulary before applying top', () => {
    expect(
      trimWinkVectors(winkFixture(words), { top: 2, vocabulary: new Set(['zebra', 'love', 'hate']) }).words,
    ).toEqual(['love', 'hate']);
  });

  it('reads GloVe text and names a malformed line', () => {
    const v = trimGloveText('a 1 2\nb 3 4\nc 5 6\n', { top: 2 });
    expect(v.words).toEqual(['a', 'b']);
    expect(Array.from(v.vectors)).toEqual([1, 2, 3, 4]);
    expect(() => trimGloveText('a 1 2\nb 3 x\n', { top: 5 })).toThrow(/line 2 \("b"\)/);
    expect(() => trimWinkVectors({ foo: 1 }, { top: 5 })).toThrow(DataError);
  });

  it('round-trips the compact artifact and rejects foreign bytes', () => {
    const v = trimWinkVectors(winkFixture(words), { top: 6 });
    const back = decodeVectors(encodeVectors(v));
    expect(back.words).toEqual(v.words);
    expect(Array.from(back.vectors)).toEqual(Array.from(v.vectors));
    expect(() => decodeVectors(new TextEncoder().encode('{"not":"vectors"}'))).toThrow(/bad magic/);
  });
});

describe('trainer with pretrained embeddings', () => {
  const train = syntheticExamples(60, 1);
  const vocab = WordTokenizer.fit(
    train.map((e) => e.text),
    { vocabSize: 32, maxLen: 10 },
  ).words;
  const pretrained: PretrainedVectors = trimWinkVectors(winkFixture(vocab.slice(0, 5)), { top: 100 });
  const input = {
    train,
    val: syntheticExamples(20, 2),
    labels: ['pos', 'neg'],
    maxLen: 10,
    vocabSize: 32,
    seed: 5,
    pretrained,
  };

  it('initialises known words from the vectors and, frozen, keeps them bit-identical', async () => {
    const trainer = createClassifierTrainer({
      ...input,
      freeze: ['embedding'],
      hyper: { learningRate: 0.05, batchSize: 16, embeddingDim: DIM, dropout: 0 },
    });
    await trainer.setup();
    await trainer.runEpoch();
    const table = decodeClassifierCheckpoint(await trainer.save()).state.weights.find((w) =>
      w.name.includes('embedding'),
    )!.values;
    trainer.close();
    for (let i = 0; i < 5; i++) {
      expect(Array.from(table.subarray((i + 2) * DIM, (i + 3) * DIM))).toEqual(
        Array.from(pretrained.vectors.subarray(i * DIM, (i + 1) * DIM)),
      );
    }
    expect(Array.from(table.subarray(7 * DIM, 8 * DIM))).not.toEqual(Array.from(pretrained.vectors.subarray(0, DIM)));
  });

  it('rejects vectors whose width differs from embeddingDim, naming the fix', async () => {
    const trainer = createClassifierTrainer({
      ...input,
      hyper: { learningRate: 0.05, batchSize: 16, embeddingDim: 8, dropout: 0 },
    });
    await expect(trainer.setup()).rejects.toThrow(ConfigError);
    await expect(
      createClassifierTrainer({
        ...input,
        hyper: { learningRate: 0.05, batchSize: 16, embeddingDim: 8, dropout: 0 },
      }).setup(),
    ).rejects.toThrow(/set embeddingDim to 4/);
  });
});
