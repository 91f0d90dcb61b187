import { AugmentationSchema } from '../../../../configs/experiment-schema';
import { augmentTrainSet, createAugmenter, randomDeletion, randomSwap } from '../../../../lib/data/augment/augment';
import { createRng } from '../../../../lib/core/rng';
import { ConfigError } from '../../../../lib/core/errors';

const text = 'the quick brown fox jumps over the lazy dog today';
const sortedWords = (s: string) => s.split(' ').sort();

describe('randomSwap', () => {
  it('is deterministic for an rng seed and keeps the same multiset of words', () => {
    const a = randomSwap(0.2).apply(text, createRng(1));
    expect(randomSwap(0.2).apply(text, createRng(1))).toBe(a);
    expect(sortedWords(a)).toEqual(sortedWords(text));
    expect(a).not.toBe(text);
  });

  it('leaves one-word texts unchanged and validates the rate', () => {
    expect(randomSwap(0.5).apply('alone', createRng(1))).toBe('alone');
    expect(() => randomSwap(0)).toThrow(ConfigError);
  });
});

describe('randomDeletion', () => {
  it('deletes words but never all of them', () => {
    for (let seed = 0; seed < 50; seed++) {
      const out = randomDeletion(1).apply('a b c', createRng(seed));
      expect(out.split(' ')).toHaveLength(1);
      expect(['a', 'b', 'c']).toContain(out);
    }
    const out = randomDeletion(0.3).apply(text, createRng(3));
    expect(out.split(' ').length).toBeLessThan(text.split(' ').length);
    expect(out.split(' ').every((w) => text.split(' ').includes(w))).toBe(true);
  });

  it('is deterministic for an rng seed', () => {
    expect(randomDeletion(0.3).apply(text, createRng(9))).toBe(randomDeletion(0.3).apply(text, createRng(9)));
  });
});

describe('createAugmenter', () => {
  it('maps config ops to augmenters by kind', () => {
    expect(createAugmenter({ kind: 'random-swap', rate: 0.1 }).kind).toBe('random-swap');
    expect(createAugmenter({ kind: 'random-deletion', rate: 0.1 }).kind).toBe('random-deletion');
  });
});

describe('augmentTrainSet', () => {
  const train = [
    { id: 'r1', text, label: 'pos', group: 'amazon' },
    { id: 'r2', text: 'not good at all really', label: 'neg' },
    { id: 'r3', text: 'single', label: 'neg' },
  ];
  const config = AugmentationSchema.parse({
    ops: [
      { kind: 'random-swap', rate: 0.2 },
      { kind: 'random-deletion', rate: 0.1 },
    ],
    copies: 2,
  });

  it('returns the originals first, then labelled copies with ids <id>~aug<k>', () => {
    const { rows, report } = augmentTrainSet(train, config, 42);
    expect(rows.slice(0, 3)).toEqual(train);
    expect(rows.slice(3).map((r) => r.id)).toEqual(['r1~aug1', 'r1~aug2', 'r2~aug1', 'r2~aug2']);
    expect(rows[3]).toMatchObject({ label: 'pos', group: 'amazon' });
    expect(report).toEqual({ stage: 'augment', in: 3, kept: 7, dropped: { 'unchanged-copy': 2 } });
  });

  it("is deterministic, seed-dependent, and a row's copies do not depend on other rows", () => {
    const a = augmentTrainSet(train, config, 42);
    expect(augmentTrainSet(train, config, 42)).toEqual(a);
    expect(augmentTrainSet(train, config, 43).rows.slice(3)).not.toEqual(a.rows.slice(3));
    const alone = augmentTrainSet([train[1]], config, 42);
    expect(alone.rows.slice(1)).toEqual(a.rows.filter((r) => r.id.startsWith('r2~')));
  });

  it('returns only the rows it was given plus their copies (never touches val/test)', () => {
    const val = [{ id: 'v1', text: 'held out validation text here', label: 'pos' }];
    const { rows } = augmentTrainSet(train, config, 1);
    const trainIds = new Set(train.map((r) => r.id));
    expect(rows.every((r) => trainIds.has(r.id.split('~')[0]))).toBe(true);
    expect(rows.some((r) => r.id.startsWith('v1'))).toBe(false);
    expect(val).toEqual([{ id: 'v1', text: 'held out validation text here', label: 'pos' }]);
  });

  it('is a no-op without ops or with zero copies', () => {
    expect(augmentTrainSet(train, AugmentationSchema.parse({}), 1).rows).toEqual(train);
    expect(augmentTrainSet(train, { ...config, copies: 0 }, 1).rows).toEqual(train);
  });
});
