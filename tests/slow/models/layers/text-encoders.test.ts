import * as tf from '@tensorflow/tfjs';
import { MultiHeadSelfAttention } from '../../../../lib/models/layers/attention-layers';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { decodeClassifierCheckpoint } from '../../../../lib/models/classifier/classifier-checkpoint';
import {
  createClassifierTrainer,
  type ClassifierTrainerInput,
} from '../../../../lib/models/classifier/classifier-trainer';
import { buildTextClassifier } from '../../../../lib/models/classifier/text-classifier';
import type { Encoder } from '../../../../lib/models/layers/text-encoders';
import { syntheticExamples } from '../../../helpers/synthetic-fixture';

const LABELS = ['pos', 'neg', 'neu'];
const input = (encoder: Encoder): ClassifierTrainerInput => ({
  train: syntheticExamples(120, 1, LABELS),
  val: syntheticExamples(45, 2, LABELS),
  labels: LABELS,
  hyper: { learningRate: 0.02, batchSize: 16, embeddingDim: 16, dropout: 0.1, encoder },
  maxLen: 12,
  vocabSize: 64,
  seed: 3,
  model: { cnnFilters: 16, gruUnits: 8, transformerHeads: 2, transformerFfDim: 16 },
});

// Small models, but the cpu backend on a shared 2-core machine: allow slack (each runs ~2-4 s alone).
jest.setTimeout(20_000);

beforeAll(async () => {
  await selectBackend('cpu');
});

describe.each(['cnn', 'bigru', 'transformer'] as const)('%s encoder', (encoder) => {
  it('trains on the cpu backend well above chance (1/3) on a 3-class fixture', async () => {
    const trainer = createClassifierTrainer(input(encoder));
    await trainer.setup();
    for (let e = 0; e < 4; e++) await trainer.runEpoch();
    const last = trainer.history[3];
    expect(last.valAccuracy).toBeGreaterThan(0.8);
    expect(last.trainLoss).toBeLessThan(trainer.history[0].trainLoss);
    trainer.close();
  });
});

describe('encoder construction', () => {
  it('is deterministic per seed and distinct across seeds (every encoder)', () => {
    for (const encoder of ['cnn', 'bigru', 'transformer'] as const) {
      const opts = {
        encoder,
        embeddingDim: 8,
        dropout: 0,
        maxLen: 6,
        vocabSize: 20,
        pooling: 'average' as const,
        cnnFilters: 4,
        cnnKernelSize: 3,
        gruUnits: 4,
        transformerLayers: 2,
        transformerHeads: 2,
        transformerFfDim: 8,
      };
      const [a, b, c] = [1, 1, 2].map((seed) => buildTextClassifier(opts, 2, seed).model);
      const values = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
      expect(values(a)).toEqual(values(b));
      expect(values(a)).not.toEqual(values(c));
      [a, b, c].forEach((m) => m.dispose());
    }
  });

  it('rejects a transformer width not divisible by the heads', () => {
    const opts = {
      encoder: 'transformer' as const,
      embeddingDim: 10,
      dropout: 0,
      maxLen: 6,
      vocabSize: 20,
      pooling: 'average' as const,
      cnnFilters: 4,
      cnnKernelSize: 3,
      gruUnits: 4,
      transformerLayers: 1,
      transformerHeads: 4,
      transformerFfDim: 8,
    };
    expect(() => buildTextClassifier(opts, 2, 1)).toThrow(/divisible by transformerHeads 4/);
  });
});

describe('MultiHeadSelfAttention', () => {
  it('ignores padding: outputs at real tokens do not depend on inputs at padded positions', () => {
    const layer = new MultiHeadSelfAttention({ heads: 2, seed: 5 });
    const ids = tf.tensor2d([[4, 7, 9, 0, 0]], [1, 5], 'int32');
    const x1 = tf.randomUniform([1, 5, 4], -1, 1, 'float32', 1);
    const noise = tf.randomUniform([1, 5, 4], -5, 5, 'float32', 2).mul(tf.tensor([0, 0, 0, 1, 1]).reshape([1, 5, 1]));
    const x2 = x1.add(noise);
    const y1 = (layer.apply([x1, ids]) as tf.Tensor).slice([0, 0, 0], [1, 3, 4]).dataSync();
    const y2 = (layer.apply([x2, ids]) as tf.Tensor).slice([0, 0, 0], [1, 3, 4]).dataSync();
    y1.forEach((v, i) => expect(v).toBeCloseTo(y2[i], 5));
    expect(Math.max(...Array.from(y1).map(Math.abs))).toBeGreaterThan(0);
    layer.dispose();
  });
});

describe('encoder resume', () => {
  it('bigru: 1 epoch + save/restore + 1 epoch equals 2 uninterrupted epochs', async () => {
    const run = async (split: boolean): Promise<Float32Array[]> => {
      const a = createClassifierTrainer(input('bigru'));
      await a.setup();
      await a.runEpoch();
      let t = a;
      if (split) {
        const bytes = await a.save();
        a.close();
        t = createClassifierTrainer(input('bigru'));
        await t.setup(bytes);
      }
      await t.runEpoch();
      const w = decodeClassifierCheckpoint(await t.save()).state.weights.map((x) => x.values as Float32Array);
      t.close();
      return w;
    };
    const [straight, resumed] = [await run(false), await run(true)];
    straight.forEach((w, i) => w.forEach((v, j) => expect(Math.abs(v - resumed[i][j])).toBeLessThan(1e-5)));
  });
});
