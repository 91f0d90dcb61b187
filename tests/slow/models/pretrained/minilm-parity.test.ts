import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseBertConfig } from '../../../../lib/models/pretrained/bert-config';
import { bertForward, bertWeightsFrom, maskedMean } from '../../../../lib/models/pretrained/bert-encoder';
import { BertTokenizer } from '../../../../lib/models/pretrained/bert-tokenizer';
import { readSafetensors } from '../../../../lib/models/pretrained/safetensors';
import { selectBackend } from '../../../../lib/models/runtime/backend';
import { bertTensorShapes } from '../../../../lib/models/pretrained/bert-config';
import { MINILM_FOLDER } from '../../../helpers/base-models';

/**
 * Parity with Hugging Face transformers (fp32, CPU) on all-MiniLM-L6-v2, from
 * the committed fixture written by bench/hf-minilm-fixture.ts: identical token
 * ids, and last hidden state, [CLS] state and mean-pooled embedding within
 * 1e-4 on 16 hard texts, and one training step's gradients (encoder tensors
 * from the embeddings to the last layer, and a linear head) within 1e-3
 * relative. Runs on the fastest backend here and again on native and wasm in
 * scripts/test.sh's backend jobs. The model comes from
 * scripts/install-base-models.sh, which `npm test` runs first.
 */
const folder = MINILM_FOLDER;
const fixture = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/hf-minilm-reference.json'), 'utf8')) as {
  input: {
    texts: string[];
    maxLen: number;
    positions: number;
    gradients: { classes: number; labels: number[]; rows: number; tensors: string[] };
  };
  reference: {
    ids: number[][];
    attentionMask: number[][];
    hidden: number[][][];
    cls: number[][];
    mean: number[][];
    gradients: {
      loss: number;
      headWeight: number[][];
      headBias: number[];
      tensors: Record<string, { rows: number[][]; norm: number }>;
    };
  };
};

function maxAbsDiff(a: ArrayLike<number>, b: readonly number[]): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('all-MiniLM-L6-v2 against Hugging Face transformers', () => {
  beforeAll(async () => {
    // The pure-JS cpu backend needs minutes for a 22M-parameter step: without an explicit backend job, take the fastest.
    if (!process.env.FF_TEST_TFJS_BACKEND) await selectBackend('auto');
    if (!existsSync(join(folder, '.complete')))
      throw new Error(`base model missing at ${folder}: run bash scripts/install-base-models.sh (npm test does)`);
  });
  const { texts, maxLen, positions } = fixture.input;
  const ref = fixture.reference;

  it('tokenizes to the same ids and attention masks, truncating the long text', () => {
    const tokenizer = new BertTokenizer(
      JSON.parse(readFileSync(join(folder, 'tokenizer.json'), 'utf8')),
      JSON.parse(readFileSync(join(folder, 'tokenizer_config.json'), 'utf8')),
      'tokenizer.json',
    );
    const batch = tokenizer.encodeBatch(texts, maxLen);
    expect(
      Array.from({ length: texts.length }, (_, r) => [...batch.ids.subarray(r * maxLen, (r + 1) * maxLen)]),
    ).toEqual(ref.ids);
    expect(
      Array.from({ length: texts.length }, (_, r) => [...batch.mask.subarray(r * maxLen, (r + 1) * maxLen)]),
    ).toEqual(ref.attentionMask);
    expect(batch.truncated).toBe(1);
  });

  it('computes the same hidden states, [CLS] state and mean-pooled embedding (max |diff| <= 1e-4)', () => {
    const config = parseBertConfig(JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')), 'config.json');
    const file = join(folder, 'model.safetensors');
    const weights = bertWeightsFrom(
      readSafetensors(readFileSync(file), file, [...bertTensorShapes(config).keys()]),
      config,
      file,
    );
    const n = texts.length;
    const ids = tf.tensor2d(ref.ids, [n, maxLen], 'int32');
    const mask = tf.tensor2d(ref.attentionMask, [n, maxLen], 'int32');
    const hidden = bertForward(weights, config, ids, mask, tf.zerosLike(ids));
    const mean = maskedMean(hidden, mask);
    const h = hidden.arraySync();
    const diffs = {
      hidden: Math.max(...h.map((rows, r) => maxAbsDiff(rows.slice(0, positions).flat(), ref.hidden[r].flat()))),
      cls: Math.max(...h.map((rows, r) => maxAbsDiff(rows[0], ref.cls[r]))),
      mean: maxAbsDiff(mean.dataSync(), ref.mean.flat()),
    };
    expect(diffs.hidden).toBeLessThan(1e-4);
    expect(diffs.cls).toBeLessThan(1e-4);
    expect(diffs.mean).toBeLessThan(1e-4);
    tf.dispose([ids, mask, hidden, mean, ...weights.values()]);
  });

  it("matches one training step's gradients (mean pooling -> linear head -> cross-entropy) within 1e-3 relative", () => {
    const config = parseBertConfig(JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')), 'config.json');
    const file = join(folder, 'model.safetensors');
    const frozen = bertWeightsFrom(
      readSafetensors(readFileSync(file), file, [...bertTensorShapes(config).keys()]),
      config,
      file,
    );
    const g = fixture.input.gradients;
    const expected = ref.gradients;
    const hidden = config.hidden_size;
    const head = tf.variable(
      tf.tensor2d(
        Array.from({ length: g.classes * hidden }, (_, i) => Math.sin(0.1 * (i + 1)) * 0.05),
        [g.classes, hidden],
      ),
    );
    const bias = tf.variable(tf.zeros([g.classes]));
    const trained = new Map(g.tensors.map((name) => [name, tf.variable(frozen.get(name)!)]));
    const weights = new Map([...frozen].map(([name, t]) => [name, trained.get(name) ?? t]));
    const n = texts.length;
    const ids = tf.tensor2d(ref.ids, [n, maxLen], 'int32');
    const mask = tf.tensor2d(ref.attentionMask, [n, maxLen], 'int32');
    const labels = tf.oneHot(tf.tensor1d(g.labels, 'int32'), g.classes);
    const vars = [head, bias, ...trained.values()];
    const { value, grads } = tf.variableGrads(() => {
      const pooled = maskedMean(bertForward(weights, config, ids, mask, tf.zerosLike(ids)), mask);
      return tf.losses.softmaxCrossEntropy(labels, tf.matMul(pooled, head, false, true).add(bias)) as tf.Scalar;
    }, vars);
    expect(value.dataSync()[0]).toBeCloseTo(expected.loss, 4);
    const relative = (got: tf.Tensor, want: number[] | number[][]) => {
      const w = tf.tensor(want);
      const r = tf.norm(got.sub(w)).div(tf.norm(w)).dataSync()[0];
      w.dispose();
      return r;
    };
    expect(relative(grads[head.name], expected.headWeight)).toBeLessThan(1e-3);
    expect(relative(grads[bias.name], expected.headBias)).toBeLessThan(1e-3);
    for (const [name, v] of trained) {
      const got = grads[v.name];
      const want = expected.tensors[name];
      const norm = tf.norm(got).dataSync()[0];
      expect(Math.abs(norm - want.norm) / want.norm).toBeLessThan(1e-3);
      // First rows, against the whole gradient's size (some rows, like [PAD]'s embedding, are all zero).
      const rows = got.slice(0, g.rows).flatten();
      const diff = tf.norm(rows.sub(tf.tensor(want.rows.flat()))).dataSync()[0];
      expect(diff / want.norm).toBeLessThan(1e-3);
    }
  });
});
