import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseBertConfig } from '../../../../lib/models/pretrained/bert-config';
import { bertForward, bertWeightsFrom, maskedMean } from '../../../../lib/models/pretrained/bert-encoder';
import { BertTokenizer } from '../../../../lib/models/pretrained/bert-tokenizer';
import { readSafetensors } from '../../../../lib/models/pretrained/safetensors';
import { bertTensorShapes } from '../../../../lib/models/pretrained/bert-config';

/**
 * Parity with Hugging Face transformers (fp32, CPU) on all-MiniLM-L6-v2, from
 * the committed fixture written by bench/hf-minilm-fixture.ts: identical token
 * ids, and last hidden state, [CLS] state and mean-pooled embedding within
 * 1e-4 on 16 hard texts. Runs on each backend job (cpu here; native and wasm
 * in scripts/test.sh's backend jobs). The model comes from
 * scripts/install-base-models.sh, which `npm test` runs first.
 */
const folder = join(
  process.env.FF_CACHE_DIR ?? join(homedir(), '.cache', 'finetune-flow'),
  'base-models',
  'all-minilm-l6-v2',
);
const fixture = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/hf-minilm-reference.json'), 'utf8')) as {
  input: { texts: string[]; maxLen: number; positions: number };
  reference: { ids: number[][]; attentionMask: number[][]; hidden: number[][][]; cls: number[][]; mean: number[][] };
};

function maxAbsDiff(a: ArrayLike<number>, b: readonly number[]): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('all-MiniLM-L6-v2 against Hugging Face transformers', () => {
  beforeAll(() => {
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
});
