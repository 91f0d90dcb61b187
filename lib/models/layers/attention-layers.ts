import * as tf from '@tensorflow/tfjs';

/**
 * Custom tfjs layers for the small transformer encoder, written with plain
 * tfjs ops (tfjs-layers has no attention layer). Every op used here has a
 * gradient on the cpu, wasm and native backends (matMul/batchMatMul,
 * transpose, softmax, reshape, gather).
 */

/** Seeded initializer args passed through from the model builder. */
interface SeededArgs {
  seed: number;
  name?: string;
}

/** Adds a learned position embedding `[maxLen, dim]` to `[batch, maxLen, dim]` inputs. */
export class PositionEmbedding extends tf.layers.Layer {
  static readonly className = 'PositionEmbedding';
  private readonly seed: number;
  private table: tf.LayerVariable | null = null;

  constructor(args: SeededArgs) {
    super({ name: args.name });
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const init = tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed });
    this.table = this.addWeight('positions', [shape[1] as number, shape[2] as number], 'float32', init);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => (Array.isArray(inputs) ? inputs[0] : inputs).add(this.table!.read()));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

/**
 * Multi-head scaled dot-product self-attention. Inputs `[x, tokenIds]`:
 * x `[batch, T, dim]`, tokenIds int32 `[batch, T]`; keys at padding (id 0)
 * get -1e9 before the softmax, so padding never receives attention.
 * With `causal` (the language model), position t also attends only to
 * positions <= t. Output `[batch, T, dim]`. `dim` must be divisible by `heads`.
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  static readonly className = 'MultiHeadSelfAttention';
  readonly heads: number;
  readonly causal: boolean;
  private readonly seed: number;
  private w: tf.LayerVariable[] = [];

  constructor(args: SeededArgs & { heads: number; causal?: boolean }) {
    super({ name: args.name });
    this.heads = args.heads;
    this.causal = args.causal ?? false;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const dim = (inputShape as tf.Shape[])[0][2] as number;
    if (dim % this.heads !== 0)
      throw new Error(`attention: embedding width ${dim} is not divisible by ${this.heads} heads`);
    this.w = ['query', 'key', 'value', 'output'].map((role, i) =>
      this.addWeight(role, [dim, dim], 'float32', tf.initializers.glorotUniform({ seed: this.seed + i })),
    );
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, ids] = inputs as tf.Tensor[];
      const [b, t, d] = x.shape as number[];
      const dh = d / this.heads;
      const flat = x.reshape([b * t, d]);
      const split = (w: tf.LayerVariable) =>
        flat.matMul(w.read()).reshape([b, t, this.heads, dh]).transpose([0, 2, 1, 3]);
      const [q, k, v] = [split(this.w[0]), split(this.w[1]), split(this.w[2])];
      let padding: tf.Tensor = ids.equal(0).cast('float32').mul(-1e9).reshape([b, 1, 1, t]);
      if (this.causal)
        padding = padding.add(
          tf.linalg
            .bandPart(tf.ones([t, t]), 0, -1)
            .sub(tf.eye(t))
            .mul(-1e9)
            .reshape([1, 1, t, t]),
        );
      const scores = tf
        .matMul(q, k, false, true)
        .mul(1 / Math.sqrt(dh))
        .add(padding);
      const mixed = tf
        .matMul(tf.softmax(scores), v)
        .transpose([0, 2, 1, 3])
        .reshape([b * t, d]);
      return mixed.matMul(this.w[3].read()).reshape([b, t, d]);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return (inputShape as tf.Shape[])[0];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, seed: this.seed, causal: this.causal };
  }
}

/**
 * Mean over the non-padding positions: inputs `[x, tokenIds]`, output
 * `[batch, dim]`. A row of only padding gives zeros (not NaN).
 */
export class MaskedMeanPooling extends tf.layers.Layer {
  static readonly className = 'MaskedMeanPooling';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, ids] = inputs as tf.Tensor[];
      const mask = ids.notEqual(0).cast('float32').expandDims(2);
      const count = mask.sum(1).maximum(1);
      return x.mul(mask).sum(1).div(count);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const x = (inputShape as tf.Shape[])[0];
    return [x[0], x[2]];
  }
}

tf.serialization.registerClass(PositionEmbedding);
tf.serialization.registerClass(MultiHeadSelfAttention);
tf.serialization.registerClass(MaskedMeanPooling);
