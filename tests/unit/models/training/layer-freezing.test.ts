import { ConfigError } from '../../../../lib/core/errors';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { decodeClassifierCheckpoint } from '../../../../lib/models/classifier/classifier-checkpoint';
import {
  createClassifierTrainer,
  type ClassifierTrainer,
  type ClassifierTrainerInput,
} from '../../../../lib/models/classifier/classifier-trainer';
import { layerGroup, matchesLayerPattern } from '../../../../lib/models/training/layer-freezing';
import { syntheticExamples } from '../../../helpers/synthetic-fixture';

const input = (over: Partial<ClassifierTrainerInput>): ClassifierTrainerInput => ({
  train: syntheticExamples(80, 1),
  val: syntheticExamples(20, 2),
  labels: ['pos', 'neg'],
  hyper: { learningRate: 0.05, batchSize: 16, embeddingDim: 8, dropout: 0, weightDecay: 0.1 },
  maxLen: 10,
  vocabSize: 48,
  seed: 11,
  ...over,
});

/** Weights by layer name (from a checkpoint: `model/<i>/<layer>/<weight>`). */
async function weightsByLayer(trainer: ClassifierTrainer): Promise<Map<string, Float32Array>> {
  const { weights } = decodeClassifierCheckpoint(await trainer.save()).state;
  return new Map(weights.map((w) => [w.name.split('/').slice(2).join('/'), w.values as Float32Array]));
}

const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('layer patterns', () => {
  it('matches whole names with * wildcards and groups by the prefix before "_"', () => {
    expect(matchesLayerPattern('embedding', 'embedding')).toBe(true);
    expect(matchesLayerPattern('embedding2', 'embedding')).toBe(false);
    expect(matchesLayerPattern('block0_attention', 'block*')).toBe(true);
    expect(matchesLayerPattern('a.b', 'a*b')).toBe(true);
    expect(matchesLayerPattern('axb', 'a.b')).toBe(false);
    expect(layerGroup('block1_ff_in')).toBe('block1');
    expect(layerGroup('classes')).toBe('classes');
  });
});

describe('freezing in the trainer', () => {
  it('keeps a frozen layer bit-identical through training (with weight decay) while the rest moves', async () => {
    const trainer = createClassifierTrainer(input({ freeze: ['embedding'] }));
    await trainer.setup();
    const before = await weightsByLayer(trainer);
    for (let e = 0; e < 2; e++) await trainer.runEpoch();
    const after = await weightsByLayer(trainer);
    trainer.close();
    expect(same(before.get('embedding/embeddings')!, after.get('embedding/embeddings')!)).toBe(true);
    expect(same(before.get('classes/kernel')!, after.get('classes/kernel')!)).toBe(false);
  });

  it('gradual unfreezing thaws the frozen groups from the output side, one every N epochs', async () => {
    const cnn = { ...input({}).hyper, encoder: 'cnn' as const };
    const trainer = createClassifierTrainer(
      input({ hyper: cnn, model: { cnnFilters: 4 }, freeze: ['embedding', 'conv'], unfreezeEvery: 1 }),
    );
    await trainer.setup();
    const w0 = await weightsByLayer(trainer);
    await trainer.runEpoch(); // epoch 1: embedding and conv frozen
    const w1 = await weightsByLayer(trainer);
    await trainer.runEpoch(); // epoch 2: conv thawed
    const w2 = await weightsByLayer(trainer);
    await trainer.runEpoch(); // epoch 3: embedding thawed too
    const w3 = await weightsByLayer(trainer);
    trainer.close();
    expect(same(w0.get('conv/kernel')!, w1.get('conv/kernel')!)).toBe(true);
    expect(same(w0.get('embedding/embeddings')!, w1.get('embedding/embeddings')!)).toBe(true);
    expect(same(w1.get('conv/kernel')!, w2.get('conv/kernel')!)).toBe(false);
    expect(same(w1.get('embedding/embeddings')!, w2.get('embedding/embeddings')!)).toBe(true);
    expect(same(w2.get('embedding/embeddings')!, w3.get('embedding/embeddings')!)).toBe(false);
  });

  it('refuses an epoch in which every layer is frozen', async () => {
    const trainer = createClassifierTrainer(input({ freeze: ['*'] }));
    await expect(trainer.setup()).rejects.toThrow(/every layer is frozen for epoch 1/);
  });

  it('rejects a pattern that matches no layer, naming the layers', async () => {
    const trainer = createClassifierTrainer(input({ freeze: ['embeding'] }));
    await expect(trainer.setup()).rejects.toThrow(ConfigError);
    await expect(createClassifierTrainer(input({ freeze: ['embeding'] })).setup()).rejects.toThrow(
      /"embeding" matches no layer.*embedding, classes/,
    );
  });
});
