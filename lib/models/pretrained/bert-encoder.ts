import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../core/errors';
import { layerNormalize } from '../layers/layer-norm';
import { assertBertTensorShapes, bertTensorShapes, type BertConfig } from './bert-config';
import type { SafeTensor } from './safetensors';

/**
 * A BERT encoder as plain tfjs ops over named weight tensors (Hugging Face
 * names, `[out, in]` linear weights), so the same forward serves inference,
 * frozen feature extraction and — with the weights as tf.Variables — fine-tuning:
 * embeddings (word + absolute position + token type) -> LayerNorm -> per
 * layer: multi-head self-attention with biases and padding masked ->
 * residual + LayerNorm -> GELU (erf) feed-forward -> residual + LayerNorm.
 * Matches transformers' BertModel in fp32 (checked by a committed fixture).
 */
export type BertWeights = ReadonlyMap<string, tf.Tensor>;

/**
 * tf tensors of every weight the encoder needs, checked against config.json's shapes.
 * (Strip a `bert.` prefix from names before calling, if the checkpoint has one.)
 * @throws ConfigError naming the tensor when one is missing or has another shape.
 */
export function bertWeightsFrom(
  tensors: ReadonlyMap<string, SafeTensor>,
  config: BertConfig,
  file: string,
): BertWeights {
  assertBertTensorShapes(config, (name) => tensors.get(name)?.shape, file);
  const out = new Map<string, tf.Tensor>();
  for (const [name, shape] of bertTensorShapes(config))
    out.set(name, tf.tensor(tensors.get(name)!.values, shape, 'float32'));
  return out;
}

/** `x [n, in] · Wᵀ + b` for a Hugging Face linear layer (weight `[out, in]`). */
function linear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.matMul(x, w, false, true).add(b);
}

/** GELU with the exact erf form BERT uses: x · ½ · (1 + erf(x / √2)). */
function gelu(x: tf.Tensor): tf.Tensor {
  return x.mul(tf.erf(x.mul(Math.SQRT1_2)).add(1)).mul(0.5);
}

/**
 * Last hidden state `[batch, T, hidden]` for token ids, attention mask (1 =
 * token, 0 = padding) and token types, each int32 `[batch, T]`.
 */
export function bertForward(
  w: BertWeights,
  c: BertConfig,
  ids: tf.Tensor2D,
  mask: tf.Tensor2D,
  types: tf.Tensor2D,
): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, t] = ids.shape;
    if (t > c.max_position_embeddings)
      throw new ConfigError(
        `maxLen ${t} exceeds the base model's max_position_embeddings ${c.max_position_embeddings}`,
      );
    const g = (name: string) => w.get(name)!;
    const h = c.hidden_size;
    const heads = c.num_attention_heads;
    const dh = h / heads;
    const positions = g('embeddings.position_embeddings.weight').slice([0, 0], [t, h]);
    let x = tf
      .gather(g('embeddings.word_embeddings.weight'), ids)
      .add(positions)
      .add(tf.gather(g('embeddings.token_type_embeddings.weight'), types));
    x = layerNormalize(x, g('embeddings.LayerNorm.weight'), g('embeddings.LayerNorm.bias'), c.layer_norm_eps);
    const maskAdd = tf.sub(1, mask.cast('float32')).mul(-1e9).reshape([b, 1, 1, t]);
    for (let l = 0; l < c.num_hidden_layers; l++) {
      const p = `encoder.layer.${l}.`;
      const flat = x.reshape([b * t, h]);
      const project = (role: string) =>
        linear(flat, g(`${p}attention.self.${role}.weight`), g(`${p}attention.self.${role}.bias`))
          .reshape([b, t, heads, dh])
          .transpose([0, 2, 1, 3]);
      const [q, k, v] = [project('query'), project('key'), project('value')];
      const scores = tf
        .matMul(q, k, false, true)
        .mul(1 / Math.sqrt(dh))
        .add(maskAdd);
      const context = tf
        .matMul(tf.softmax(scores), v)
        .transpose([0, 2, 1, 3])
        .reshape([b * t, h]);
      const attended = linear(context, g(`${p}attention.output.dense.weight`), g(`${p}attention.output.dense.bias`));
      const h1 = layerNormalize(
        attended.add(flat),
        g(`${p}attention.output.LayerNorm.weight`),
        g(`${p}attention.output.LayerNorm.bias`),
        c.layer_norm_eps,
      );
      const inter = gelu(linear(h1, g(`${p}intermediate.dense.weight`), g(`${p}intermediate.dense.bias`)));
      const out = linear(inter, g(`${p}output.dense.weight`), g(`${p}output.dense.bias`));
      x = layerNormalize(
        out.add(h1),
        g(`${p}output.LayerNorm.weight`),
        g(`${p}output.LayerNorm.bias`),
        c.layer_norm_eps,
      ).reshape([b, t, h]);
    }
    return x as tf.Tensor3D;
  });
}

/** Mean of the hidden states over positions where `mask` is 1 (sentence-transformers' mean pooling). */
export function maskedMean(hidden: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const m = mask.cast('float32').expandDims(2);
    return hidden.mul(m).sum(1).div(m.sum(1).maximum(1e-9)) as tf.Tensor2D;
  });
}
