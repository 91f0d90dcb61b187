import { AshaPruner, rungResources } from '../../../../lib/search/pruners/asha-pruner';
import { MedianPruner, median } from '../../../../lib/search/pruners/median-pruner';
import type { TrialObservation } from '../../../../lib/search/types';

/** A learning curve: start + slope * step, for `steps` epochs. */
const curve = (start: number, slope: number, steps: number): number[] =>
  Array.from({ length: steps }, (_, s) => start + slope * s);

/** Completed trials with rising curves 0.5..0.9 at step 0 (best final value last). */
function completedHistory(count: number, steps = 10): TrialObservation[] {
  return Array.from({ length: count }, (_, index) => {
    const intermediate = curve(0.5 + (0.4 * index) / Math.max(1, count - 1), 0.02, steps);
    return { index, params: { x: index }, state: 'completed', value: intermediate[steps - 1], intermediate };
  });
}

const running = (index: number, intermediate: number[]): TrialObservation => ({
  index,
  params: { x: index },
  state: 'running',
  intermediate,
});

describe('MedianPruner', () => {
  const pruner = new MedianPruner();
  const history = completedHistory(8);

  test('prunes an obviously bad curve and keeps a good one', () => {
    expect(pruner.decide(history, running(100, curve(0.1, 0.01, 3)))).toBe('prune');
    expect(pruner.decide(history, running(101, curve(0.95, 0.01, 3)))).toBe('continue');
  });

  test('uses the best-so-far value: a dip below the median after a good start continues', () => {
    expect(pruner.decide(history, running(102, [0.99, 0.99, 0.2]))).toBe('continue');
  });

  test('never prunes during warm-up, before startup trials complete, or before any report', () => {
    expect(pruner.decide(history, running(100, [0.0]))).toBe('continue');
    expect(pruner.decide(history.slice(0, 4), running(100, curve(0.1, 0, 3)))).toBe('continue');
    expect(pruner.decide(history, running(100, []))).toBe('continue');
    expect(new MedianPruner({ nWarmupSteps: 5 }).decide(history, running(100, curve(0.1, 0, 3)))).toBe('continue');
  });

  test('continues when no completed trial reported that step', () => {
    expect(pruner.decide(completedHistory(8, 3), running(100, curve(0.1, 0, 6)))).toBe('continue');
  });

  test('prunes a diverged (NaN / inf) trial; NaN completed trials are not competitors', () => {
    expect(pruner.decide(history, running(100, [0.9, NaN]))).toBe('prune');
    expect(pruner.decide(history, running(100, [0.9, -Infinity]))).toBe('prune');
    const nanHistory: TrialObservation[] = history.map((t) => ({ ...t, value: NaN }));
    expect(pruner.decide(nanHistory, running(100, curve(0.1, 0, 3)))).toBe('continue');
  });

  test('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('AshaPruner', () => {
  const pruner = new AshaPruner({ minResource: 1, reductionFactor: 3 });
  const history = completedHistory(9);

  test('rungs sit at minResource * reductionFactor^k', () => {
    expect(rungResources(30, 1, 3)).toEqual([1, 3, 9, 27]);
    expect(rungResources(5, 2, 2)).toEqual([2, 4]);
  });

  test('promotes the top 1/reductionFactor at a rung and prunes the rest', () => {
    // 9 completed + this one = 10 at rung 3; top floor(10/3) = 3 continue.
    expect(pruner.decide(history, running(100, curve(1.2, 0.01, 3)))).toBe('continue');
    expect(pruner.decide(history, running(100, curve(0.6, 0.01, 3)))).toBe('prune');
  });

  test('the first trial at a rung is promoted; below the first rung it continues', () => {
    expect(pruner.decide([], running(0, [0.1]))).toBe('continue');
    expect(new AshaPruner({ minResource: 4 }).decide(history, running(100, [0, 0, 0]))).toBe('continue');
  });

  test('failed trials are not competitors, and a non-finite rung value prunes', () => {
    const failed = history.map((t): TrialObservation => ({ ...t, state: 'failed' }));
    expect(pruner.decide(failed, running(100, curve(0.1, 0, 3)))).toBe('continue');
    expect(pruner.decide(history, running(100, [0.9, 0.9, NaN]))).toBe('prune');
  });

  test('rejects invalid options', () => {
    expect(() => new AshaPruner({ reductionFactor: 1 })).toThrow(RangeError);
    expect(() => new AshaPruner({ minResource: 0.5 })).toThrow(RangeError);
  });
});
