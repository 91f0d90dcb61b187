import { dedupAcrossSplits, dedupNear } from '../../../../lib/data/dedup/dedup-near';
import { NearDedupOptionsSchema } from '../../../../lib/data/curation-options';
import {
  chooseBands,
  estimateJaccard,
  exactJaccard,
  hashFamily,
  LshIndex,
  minhashSignature,
  shingleHashes,
} from '../../../../lib/data/dedup/minhash';
import { createRng } from '../../../../lib/core/rng';

const opts = NearDedupOptionsSchema.parse({ enabled: true, threshold: 0.7 });
const ex = (id: string, text: string, label = 'pos') => ({ id, text, label });

function randomText(rng: ReturnType<typeof createRng>, n: number): string {
  return Array.from({ length: n }, () => `w${rng.int(5000)}`).join(' ');
}

describe('minhash', () => {
  it('estimates Jaccard similarity within a few standard errors', () => {
    const rng = createRng(1);
    const family = hashFamily(256, 3);
    for (let k = 0; k < 20; k++) {
      const a = shingleHashes(randomText(rng, 40), 2);
      const words = randomText(rng, 40).split(' ');
      const b = shingleHashes(words.map((w, i) => (i < 20 ? w : `x${i}`)).join(' '), 2);
      const base = randomText(rng, 30);
      const c = shingleHashes(`${base} ${randomText(rng, 10)}`, 2);
      const d = shingleHashes(`${base} ${randomText(rng, 10)}`, 2);
      for (const [x, y] of [
        [a, b],
        [c, d],
      ]) {
        const est = estimateJaccard(minhashSignature(x, family), minhashSignature(y, family));
        expect(Math.abs(est - exactJaccard(x, y))).toBeLessThan(0.15);
      }
    }
  });

  it('is deterministic from the seed and differs across seeds', () => {
    const s = shingleHashes('the quick brown fox jumps over the lazy dog', 2);
    expect(minhashSignature(s, hashFamily(64, 9))).toEqual(minhashSignature(s, hashFamily(64, 9)));
    expect(minhashSignature(s, hashFamily(64, 9))).not.toEqual(minhashSignature(s, hashFamily(64, 10)));
  });

  it('chooses stricter banding (fewer bands) for higher thresholds', () => {
    const low = chooseBands(128, 0.5);
    const high = chooseBands(128, 0.9);
    expect(128 % low).toBe(0);
    expect(128 % high).toBe(0);
    expect(high).toBeLessThan(low);
  });

  it('LSH finds identical signatures and rejects bad geometry', () => {
    const family = hashFamily(32, 1);
    const index = new LshIndex(32, 8);
    const sig = minhashSignature(shingleHashes('a b c d e', 2), family);
    index.insert(0, minhashSignature(shingleHashes('x y z', 2), family));
    index.insert(1, sig);
    expect(index.candidates(sig)).toContain(1);
    expect(() => new LshIndex(32, 5)).toThrow(/divisible/);
  });
});

describe('dedupNear', () => {
  it('drops near-duplicates with the matched row and estimated similarity, keeps distinct rows', () => {
    const rows = [
      ex('a', 'the battery life of this phone is really great and lasts two days'),
      ex('b', 'i hated the film the plot made no sense at all'),
      ex('c', 'The battery life of this phone is really great, and lasts two days!!'),
      ex('d', 'the battery life of this phone is really great and lasts two weeks', 'neg'),
      ex('e', 'completely unrelated words about cooking pasta tonight'),
    ];
    const result = dedupNear(rows, opts, 42);
    expect(result.rows.map((r) => r.id)).toEqual(['a', 'b', 'e']);
    expect(result.duplicates.map((d) => [d.id, d.duplicateOf, d.reason])).toEqual([
      ['c', 'a', 'near-duplicate'],
      ['d', 'a', 'near-duplicate-conflicting-label'],
    ]);
    expect(result.duplicates[0].similarity).toBe(1);
    expect(result.duplicates[1].similarity).toBeGreaterThanOrEqual(0.7);
    expect(result.duplicates[1].similarity).toBeLessThan(1);
    expect(result.report).toEqual({
      stage: 'near-dedup',
      in: 5,
      kept: 3,
      dropped: { 'near-duplicate': 1, 'near-duplicate-conflicting-label': 1 },
    });
  });

  it('is deterministic and keeps in + dropped balanced', () => {
    const rng = createRng(5);
    const rows = Array.from({ length: 200 }, (_, i) => ex(`r${i}`, randomText(rng, 12)));
    rows.push(...rows.slice(0, 30).map((r, i) => ex(`dup${i}`, `${r.text} extra`)));
    const a = dedupNear(rows, opts, 1);
    expect(dedupNear(rows, opts, 1)).toEqual(a);
    expect(a.report.in).toBe(a.report.kept + Object.values(a.report.dropped).reduce((s, n) => s + n, 0));
    expect(a.duplicates.filter((d) => d.id.startsWith('dup')).length).toBeGreaterThanOrEqual(28);
    expect(a.duplicates.every((d) => d.id.startsWith('dup'))).toBe(true);
  });

  it('rejects bands that do not divide numHashes', () => {
    expect(() => dedupNear([ex('a', 'x')], { ...opts, bands: 7 }, 1)).toThrow(/bands=7 must divide/);
  });
});

describe('dedupAcrossSplits', () => {
  it('drops train rows near-duplicating val or test rows and never touches val/test', () => {
    const splits = {
      train: [
        ex('t1', 'great sound quality and the price is fair for what you get'),
        ex('t2', 'awful customer service never buying from them again ever'),
        ex('t3', 'a totally different sentence about the weather in spring'),
      ],
      val: [ex('v1', 'great sound quality and the price is fair for what you get!')],
      test: [ex('s1', 'awful customer service never buying from them again')],
    };
    const result = dedupAcrossSplits(splits, opts, 3);
    expect(result.rows.map((r) => r.id)).toEqual(['t3']);
    expect(result.duplicates.map((d) => [d.id, d.duplicateOf, d.reason])).toEqual([
      ['t1', 'v1', 'near-duplicate-of-val'],
      ['t2', 's1', 'near-duplicate-of-test'],
    ]);
    expect(result.report).toMatchObject({ stage: 'near-dedup-across-splits', in: 3, kept: 1 });
    expect(splits.val).toHaveLength(1);
    expect(splits.test).toHaveLength(1);
  });
});
