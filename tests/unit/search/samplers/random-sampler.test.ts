import { SearchSpaceSchema } from '../../../../lib/search/space/search-space-schema';
import { RandomSampler } from '../../../../lib/search/samplers/random-sampler';
import { paramFromUnit } from '../../../../lib/search/space/sample-param';

const space = SearchSpaceSchema.parse({
  lr: { type: 'float', low: 1e-4, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5, step: 0.1 },
  units: { type: 'int', low: 8, high: 64, log: true },
  batch: { type: 'categorical', choices: [16, 32, 64] },
});

test('values respect bounds, steps, integrality and choices', () => {
  const suggestions = new RandomSampler(space).suggest(0, 500, 1);
  for (const p of suggestions) {
    expect(p.lr).toBeGreaterThanOrEqual(1e-4);
    expect(p.lr).toBeLessThanOrEqual(1e-1);
    expect([0, 0.1, 0.2, 0.3, 0.4, 0.5]).toContain(p.dropout);
    expect(Number.isInteger(p.units)).toBe(true);
    expect(p.units).toBeGreaterThanOrEqual(8);
    expect(p.units).toBeLessThanOrEqual(64);
    expect([16, 32, 64]).toContain(p.batch);
  }
  // Log scale: about half the draws fall below the geometric midpoint (~3.2e-3).
  const below = suggestions.filter((p) => (p.lr as number) < Math.sqrt(1e-4 * 1e-1)).length;
  expect(below / suggestions.length).toBeGreaterThan(0.4);
  expect(below / suggestions.length).toBeLessThan(0.6);
});

test('suggestion i depends only on (seed, i): resumed sweeps repeat it', () => {
  const sampler = new RandomSampler(space);
  const all = sampler.suggest(0, 10, 5);
  expect(sampler.suggest(4, 3, 5)).toEqual(all.slice(4, 7));
  expect(sampler.suggest(0, 10, 6)).not.toEqual(all);
  expect(JSON.parse(JSON.stringify(all))).toEqual(all);
});

test('paramFromUnit maps the ends of [0,1) to the ends of the range', () => {
  expect(paramFromUnit({ type: 'float', low: 2, high: 4, log: false }, 0)).toBe(2);
  expect(paramFromUnit({ type: 'int', low: 1, high: 3, log: false }, 0.9999)).toBe(3);
  expect(paramFromUnit({ type: 'categorical', choices: ['a', 'b'] }, 0.9999)).toBe('b');
});
