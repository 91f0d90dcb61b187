import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from '../../../../lib/models/runtime/fused-adam';

/** Minimises a small quadratic+gather loss for `steps` steps; returns final values. */
function train(
  optimizer: tf.Optimizer,
  steps: number,
  start?: Float32Array,
): { values: Float32Array; vars: tf.Variable[] } {
  const table = tf.tidy(() =>
    tf.variable(
      start
        ? tf.tensor2d(start, [10, 3])
        : tf.tensor2d(
            Array.from({ length: 30 }, (_, i) => Math.cos(i)),
            [10, 3],
          ),
    ),
  );
  const ids = tf.tensor1d([1, 4, 4, 9, 0], 'int32');
  for (let s = 0; s < steps; s++) {
    optimizer.minimize(() => tf.gather(table, ids).sub(0.5).square().mean() as tf.Scalar, false, [table]);
  }
  ids.dispose();
  return { values: table.dataSync() as Float32Array, vars: [table] };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('FusedAdamOptimizer', () => {
  // Same math; tfjs rounds every intermediate to float32, the fused loop only the results (~1e-6 apart).
  it('matches tf.train.adam step for step', () => {
    const ref = tf.train.adam(0.05);
    const fused = new FusedAdamOptimizer(0.05);
    const a = train(ref, 25);
    const b = train(fused, 25);
    b.values.forEach((v, i) => expect(v).toBeCloseTo(a.values[i], 4));
    tf.dispose([...a.vars, ...b.vars]);
    ref.dispose();
    fused.dispose();
  });

  it('round-trips its state through getWeights/setWeights, interchangeably with tf.train.adam', async () => {
    const first = new FusedAdamOptimizer(0.05);
    const half = train(first, 10);
    const state = await first.getWeights();
    expect(state[0].name).toBe('iter');
    expect((await state[0].tensor.data())[0]).toBe(10);
    const resumedFused = new FusedAdamOptimizer(0.05);
    const resumedRef = tf.train.adam(0.05);
    await resumedFused.setWeights(state);
    await resumedRef.setWeights(state);
    state[0].tensor.dispose();
    const viaFused = train(resumedFused, 10, half.values);
    const viaRef = train(resumedRef, 10, half.values);
    const straight = new FusedAdamOptimizer(0.05);
    const full = train(straight, 20);
    viaFused.values.forEach((v, i) => expect(v).toBeCloseTo(full.values[i], 5));
    viaRef.values.forEach((v, i) => expect(v).toBeCloseTo(full.values[i], 4));
    tf.dispose([...half.vars, ...viaFused.vars, ...viaRef.vars, ...full.vars]);
    [first, resumedFused, resumedRef, straight].forEach((o) => o.dispose());
  });

  it('disposes its moments', () => {
    const before = tf.memory().numTensors;
    const opt = new FusedAdamOptimizer(0.01);
    const run = train(opt, 3);
    tf.dispose(run.vars);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
