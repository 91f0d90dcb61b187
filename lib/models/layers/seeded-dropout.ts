import * as tf from '@tensorflow/tfjs';

/**
 * Dropout whose mask is a pure function of a seed the trainer sets before each
 * batch (`setSeed`), so training is reproducible across processes and across a
 * checkpoint restore.
 *
 * Why not `tf.layers.dropout({seed})`: tfjs passes that fixed seed to
 * `tf.dropout` on every call, so every batch would get the *same* mask; without
 * a seed it draws from an unseeded global generator, so a resumed run diverges
 * from an uninterrupted one. Here the trainer derives one seed per
 * (run seed, epoch, batch).
 *
 * Active only when called with `training: true` (as `trainOnBatch` does);
 * identity at inference. Inverted dropout: kept units are scaled by 1/(1-rate).
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout';
  readonly rate: number;
  private seed = 0;

  constructor(args: { rate: number; name?: string }) {
    super({ name: args.name });
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`dropout rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.supportsMasking = true;
  }

  /** Sets the seed of the next training-mode call(s). Any finite number. */
  setSeed(seed: number): void {
    this.seed = seed;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (kwargs['training'] !== true || this.rate === 0) return x.clone();
      return tf.dropout(x, this.rate, undefined, this.seed);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}

tf.serialization.registerClass(SeededDropout);
