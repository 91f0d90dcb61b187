import { ConfigError, DataError } from '../../../../lib/core/errors';
import { decodeCheckpoint, encodeCheckpoint } from '../../../../lib/models/training/checkpoint-codec';
import { decodeClassifierCheckpoint } from '../../../../lib/models/classifier/classifier-checkpoint';
import {
  createClassifierTrainer,
  loadClassifier,
  type ClassifierTrainerInput,
} from '../../../../lib/models/classifier/classifier-trainer';
import { syntheticExamples } from '../../../helpers/synthetic-fixture';

const input: ClassifierTrainerInput = {
  train: syntheticExamples(40, 11),
  val: syntheticExamples(10, 12),
  labels: ['pos', 'neg'],
  hyper: { learningRate: 0.01, batchSize: 8, embeddingDim: 4, dropout: 0 },
  maxLen: 8,
  vocabSize: 32,
  seed: 3,
};

describe('checkpoint codec', () => {
  it('round-trips header and tensors, at any byte offset', () => {
    const bytes = encodeCheckpoint({ a: 1, s: 'x' }, [
      { name: 'w', shape: [2, 2], dtype: 'float32', values: new Float32Array([1, 2, 3, 4.5]) },
      { name: 'i', shape: [3], dtype: 'int32', values: new Int32Array([-1, 0, 7]) },
    ]);
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    const { header, tensors } = decodeCheckpoint<{ a: number; s: string }>(shifted);
    expect(header).toEqual({ a: 1, s: 'x' });
    expect(Array.from(tensors[0].values)).toEqual([1, 2, 3, 4.5]);
    expect(tensors[1].values).toBeInstanceOf(Int32Array);
    expect(Array.from(tensors[1].values)).toEqual([-1, 0, 7]);
  });

  it('rejects foreign and truncated bytes', () => {
    expect(() => decodeCheckpoint(new TextEncoder().encode('hello world, not a checkpoint'))).toThrow(/magic/);
    const bytes = encodeCheckpoint({}, [{ name: 'w', shape: [4], dtype: 'float32', values: new Float32Array(4) }]);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 2))).toThrow(/truncated/);
  });
});

describe('classifier checkpoints', () => {
  it('are self-describing: format, version, labels, tokenizer, topology, Adam state, history', async () => {
    const trainer = createClassifierTrainer(input);
    await trainer.setup();
    await trainer.runEpoch();
    const bytes = await trainer.save();
    expect(Array.from(await trainer.save())).toEqual(Array.from(bytes)); // deterministic bytes
    trainer.close();
    const { header, state } = decodeClassifierCheckpoint(bytes);
    expect(header).toMatchObject({
      format: 'finetune-flow/text-classifier',
      version: 1,
      labels: ['pos', 'neg'],
      epochsDone: 1,
    });
    expect(header.model).toMatchObject({ embeddingDim: 4, maxLen: 8, vocabSize: 32, pooling: 'average' });
    expect(header.history).toHaveLength(1);
    expect(header.optimizer?.iterations).toBe(5); // 40 examples / batch 8
    expect(state.weights.map((w) => w.shape)).toEqual([[32, 4], [4, 2], [2]]);
    expect(state.optimizerMoments).toHaveLength(6); // m and v per trainable weight
  });

  it('refuses a checkpoint with other labels, and examples with unknown labels', async () => {
    const trainer = createClassifierTrainer(input);
    await trainer.setup();
    const bytes = await trainer.save();
    trainer.close();
    await expect(createClassifierTrainer({ ...input, labels: ['neg', 'pos'] }).setup(bytes)).rejects.toBeInstanceOf(
      ConfigError,
    );
    const bad = { ...input, val: [{ id: 'row-9', text: 'x', label: 'meh' }] };
    await expect(createClassifierTrainer(bad).setup()).rejects.toThrow(DataError);
    await expect(createClassifierTrainer(bad).setup()).rejects.toThrow(/row-9/);
    expect(() => createClassifierTrainer({ ...input, labels: ['only'] })).toThrow(ConfigError);
  });

  it('loadClassifier rejects bytes that are not a classifier checkpoint', async () => {
    await expect(loadClassifier(encodeCheckpoint({ format: 'other', version: 1 }, []))).rejects.toThrow(
      /unsupported checkpoint/,
    );
  });
});
