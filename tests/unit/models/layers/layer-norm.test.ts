import * as tf from '@tensorflow/tfjs';
import { LayerNorm } from '../../../../lib/models/layers/layer-norm';

/**
 * LayerNorm replaces tf.layers.layerNormalization in the transformer blocks:
 * it must compute the same function with the same weights, and its backward
 * pass must not fall into tfjs-layers' tile-gradient loop (one slice + add per
 * repetition), which made a BERT-size step ~10x slower than its forward pass.
 */
describe('LayerNorm', () => {
  const shape = [3, 7, 12];

  function pair(): { ours: tf.layers.Layer; reference: tf.layers.Layer } {
    const ours = new LayerNorm({ name: 'norm' });
    const reference = tf.layers.layerNormalization({ name: 'norm' });
    ours.build(shape);
    reference.build(shape);
    // Non-trivial gamma/beta, identical in both.
    const gamma = tf.randomUniform([12], 0.5, 1.5, 'float32', 3);
    const beta = tf.randomUniform([12], -0.5, 0.5, 'float32', 4);
    ours.setWeights([gamma, beta]);
    reference.setWeights([gamma, beta]);
    return { ours, reference };
  }

  it('matches tf.layers.layerNormalization forward, with the same weight names and shapes', () => {
    const { ours, reference } = pair();
    const x = tf.randomNormal(shape, 2, 3, 'float32', 1);
    const diff = tf.max(tf.abs(tf.sub(ours.apply(x) as tf.Tensor, reference.apply(x) as tf.Tensor))).dataSync()[0];
    expect(diff).toBeLessThan(1e-5);
    expect(ours.weights.map((w) => [w.originalName, w.shape])).toEqual(
      reference.weights.map((w) => [w.originalName, w.shape]),
    );
  });

  it('matches its gradients with respect to the input and to gamma and beta', () => {
    const { ours, reference } = pair();
    const x = tf.randomNormal(shape, 0, 1, 'float32', 2);
    const upstream = tf.randomNormal(shape, 0, 1, 'float32', 5);
    const grads = (layer: tf.layers.Layer) => {
      const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      const { grads: g } = tf.variableGrads(
        () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, upstream)) as tf.Scalar,
        vars,
      );
      const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, upstream)))(x);
      return [dx, ...vars.map((v) => g[v.name])];
    };
    const a = grads(ours);
    const b = grads(reference);
    expect(a).toHaveLength(3);
    for (let i = 0; i < a.length; i++) {
      const diff = tf.max(tf.abs(tf.sub(a[i], b[i]))).dataSync()[0];
      expect(diff).toBeLessThan(1e-4);
    }
  });

  it('runs its backward pass in under 100 kernels, independent of batch and sequence length', async () => {
    // As in training: gradients for the input (an upstream variable) and for gamma and beta.
    const kernels = async (layer: tf.layers.Layer, s: number[]) => {
      layer.build(s);
      const x = tf.variable(tf.randomNormal(s));
      const vars = [x, ...layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val)];
      const info = await tf.profile(() =>
        tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar, vars),
      );
      return info.kernels.length;
    };
    const small = await kernels(new LayerNorm({ name: 'a' }), [2, 4, 8]);
    const large = await kernels(new LayerNorm({ name: 'b' }), [8, 32, 8]);
    expect(large).toBe(small);
    expect(large).toBeLessThan(100);
    // The layer it replaces grows with batch x sequence (tile gradient loop).
    const reference = await kernels(tf.layers.layerNormalization({ name: 'c' }), [8, 32, 8]);
    expect(reference).toBeGreaterThan(8 * 32);
  });
});
