import { createSampler } from '../../../../lib/search/samplers/sampler-registry';
import type { SearchSpace } from '../../../../lib/search/space/search-space-schema';
import type { TrialObservation } from '../../../../lib/search/types';

const space: SearchSpace = {
  kind: { type: 'categorical', choices: ['a', 'b'] },
  x: { type: 'float', low: 0, high: 1, log: false },
};
const queue = [
  { kind: 'b', x: 0.25 },
  { kind: 'a', x: 0.75 },
];
const seen = (params: TrialObservation['params'][]): TrialObservation[] =>
  params.map((p, index) => ({ index, params: p, state: 'completed', value: 0.5 }));

describe('enqueued first trials', () => {
  it('are the first suggestions in order, then the sampler continues without repeating them', () => {
    const s = createSampler(space, { kind: 'random' }, undefined, [], queue);
    const first = s.suggest([], 3, 1);
    expect(first.slice(0, 2)).toEqual(queue);
    expect(first[2]).not.toEqual(queue[0]);
    // Stateless: after one queued trial ran, the next suggestion is the second queued point.
    expect(s.suggest(seen([queue[0]]), 1, 1)).toEqual([queue[1]]);
    // Past the queue, the inner sampler answers exactly as it would have on the same history.
    const inner = createSampler(space, { kind: 'random' });
    expect(s.suggest(seen(queue), 2, 5)).toEqual(inner.suggest(seen(queue), 2, 5));
  });

  it('a warm start does not count as a trial of the queue', () => {
    const warm = { source: 'earlier', trials: [{ params: { kind: 'a', x: 0.5 }, value: 0.9 }] };
    const s = createSampler(space, { kind: 'random' }, warm, [], queue);
    expect(s.suggest([], 1, 1)).toEqual([queue[0]]);
  });

  it('a point outside the space is a ConfigError naming it', () => {
    expect(() => createSampler(space, { kind: 'random' }, undefined, [], [{ kind: 'c', x: 0.1 }])).toThrow(
      'search.enqueue[0]',
    );
  });
});
