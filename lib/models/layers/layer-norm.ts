import * as tf from '@tensorflow/tfjs';

/**
 * Layer normalisation over the last axis, written with broadcasting tfjs ops:
 * `y = (x - mean) * rsqrt(var + epsilon) * gamma + beta`, with `mean` and
 * `var` the moments of each position's feature vector.
 *
 * Why not `tf.layers.layerNormalization`: tfjs-layers 4.22 tiles mean,
 * variance, gamma and beta to the input's full shape before a batchNorm
 * (a workaround for tfjs issue 2120), and the gradient of `tile` is a
 * JavaScript loop of one `slice` + `add` per repetition. For a [16, 128, 384]
 * activation that is 4,864 kernel launches per norm in the backward pass
 * (58,368 per step of a 6-block encoder), which made the backward pass ~10x
 * the forward on native TensorFlow. Broadcasting gradients reduce with one
 * `sum` each instead.
 *
 * Same weights as the tfjs-layers layer (`<name>/gamma` ones, `<name>/beta`
 * zeros, shape `[lastDim]`) and the same default epsilon (1e-3), so
 * checkpoints written with either load into the other by weight name.
 */
/** Layer normalisation of `x` over its last axis, `(x - mean) * rsqrt(var + epsilon) * gamma + beta`, with broadcasting ops. */
export function layerNormalize(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return x
    .sub(mean)
    .mul(tf.rsqrt(variance.add(epsilon)))
    .mul(gamma)
    .add(beta);
}

export class LayerNorm extends tf.layers.Layer {
  static readonly className = 'FfLayerNorm';
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: { name?: string; epsilon?: number }) {
    super({ name: args.name });
    this.epsilon = args.epsilon ?? 1e-3;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const dim = shape[shape.length - 1] as number;
    this.gamma = this.addWeight('gamma', [dim], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() =>
      layerNormalize(Array.isArray(inputs) ? inputs[0] : inputs, this.gamma!.read(), this.beta!.read(), this.epsilon),
    );
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(LayerNorm);
