import {
  createTransformerTrainer,
  type TransformerTrainerInput,
} from '../../../../lib/models/pretrained/transformer-trainer';
import { decodeTransformerCheckpoint } from '../../../../lib/models/pretrained/transformer-checkpoint';
import { ConfigError } from '../../../../lib/core/errors';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { syntheticExamples } from '../../../helpers/synthetic-fixture';
import { tinyBertFiles, tinyBertRef } from '../../../helpers/tiny-bert';

jest.setTimeout(300_000);

/**
 * Fine-tuning a pretrained encoder end to end on a tiny random BERT: a slow test because the
 * encoder's backward pass (a 30k-word embedding) takes minutes on the pure-JS backend; it runs
 * on the fastest backend here, and once per backend in scripts/test.sh's backend jobs.
 */
beforeAll(async () => {
  if (!process.env.FF_TEST_TFJS_BACKEND) await selectBackend('auto');
});

describe('pretrained-transformer trainer (tiny random BERT, real WordPiece)', () => {
  const baseFiles = tinyBertFiles();
  const base = tinyBertRef(baseFiles);
  const input = (
    params: Record<string, unknown>,
    over: Partial<TransformerTrainerInput> = {},
  ): TransformerTrainerInput => ({
    train: syntheticExamples(96, 1),
    val: syntheticExamples(32, 2),
    labels: ['pos', 'neg'],
    params: { batchSize: 16, warmupFraction: 0, ...params },
    seed: 5,
    epochs: 2,
    maxLen: 24,
    base,
    baseFiles,
    ...over,
  });
  const noTimes = (h: { seconds: number; samplesPerSecond: number }[]) =>
    h.map(({ seconds: _s, samplesPerSecond: _p, ...rest }) => rest);

  it('frozen: a head on cached features of a random encoder learns above chance; the checkpoint holds the head only', async () => {
    const t = createTransformerTrainer(input({ mode: 'frozen', headLearningRate: 0.05 }, { epochs: 6 }));
    await t.setup();
    for (let e = 0; e < 6; e++) await t.runEpoch();
    expect(t.history[5].trainLoss).toBeLessThan(t.history[0].trainLoss);
    expect(t.history[5].valAccuracy).toBeGreaterThan(0.6);
    const { header, tensors } = decodeTransformerCheckpoint(await t.save());
    expect(header.trainable).toEqual([]);
    expect([...tensors.keys()].filter((k) => k.startsWith('w/'))).toEqual([]);
    expect(header.base).toEqual(base);
    t.close();
  });

  it('top-k trains exactly the top k layers: lower layers keep the base weights', async () => {
    const t = createTransformerTrainer(input({ mode: 'top-k', topLayers: 1, learningRate: 1e-3 }));
    await t.setup();
    await t.runEpoch();
    const { header, tensors } = decodeTransformerCheckpoint(await t.save());
    expect(header.trainable.length).toBeGreaterThan(0);
    expect(header.trainable.every((n) => n.startsWith('encoder.layer.1.'))).toBe(true);
    expect(tensors.has('w/encoder.layer.0.attention.self.query.weight')).toBe(false);
    t.close();
  });

  it('full: resuming from a mid-epoch checkpoint continues exactly like the uninterrupted run', async () => {
    const params = { mode: 'full', learningRate: 1e-3 };
    const straight = createTransformerTrainer(input(params));
    await straight.setup();
    let midEpoch: Uint8Array | undefined;
    await straight.runEpoch(undefined, async (p, checkpoint) => {
      if (p.batchesDone === 2) midEpoch = await checkpoint();
    });
    await straight.runEpoch();
    const texts = syntheticExamples(8, 9).map((e) => e.text);
    const expected = await straight.predict(texts);
    straight.close();

    const resumed = createTransformerTrainer(input(params));
    await resumed.setup(midEpoch);
    expect(resumed.epochsDone).toBe(0);
    await resumed.runEpoch();
    await resumed.runEpoch();
    expect(noTimes(resumed.history)).toEqual(noTimes(straight.history));
    expect(await resumed.predict(texts)).toEqual(expected);
    resumed.close();
  });

  it('refuses a checkpoint of other base files, a maxLen beyond the base model, and too many top layers', async () => {
    const t = createTransformerTrainer(input({ mode: 'frozen' }));
    await t.setup();
    await t.runEpoch();
    const bytes = await t.save();
    t.close();
    const other = tinyBertFiles(2);
    const moved = createTransformerTrainer(input({ mode: 'frozen' }, { baseFiles: other, base: tinyBertRef(other) }));
    await expect(moved.setup(bytes)).rejects.toThrow(/other file hashes/);
    await expect(createTransformerTrainer(input({}, { maxLen: 65 })).setup()).rejects.toThrow(
      "model.maxLen 65 exceeds the base model's max_position_embeddings 64",
    );
    await expect(createTransformerTrainer(input({ mode: 'top-k', topLayers: 3 })).setup()).rejects.toThrow(ConfigError);
  });
});
