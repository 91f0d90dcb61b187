import { findLabelIssues } from '../../../../lib/data/quality/label-quality';
import { LabelQualityOptionsSchema } from '../../../../lib/data/curation-options';
import { fitNaiveBayes, predictNaiveBayes } from '../../../../lib/data/quality/naive-bayes';
import { buildVocabulary, countVectors, tfidf, tokenize } from '../../../../lib/data/quality/tfidf';
import { createRng } from '../../../../lib/core/rng';

const POS = ['great', 'love', 'excellent', 'happy', 'perfect', 'nice', 'fantastic', 'good'];
const NEG = ['awful', 'hate', 'terrible', 'sad', 'broken', 'bad', 'horrible', 'poor'];
const NEUTRAL = ['the', 'phone', 'it', 'was', 'this', 'screen', 'battery', 'and'];

function corpus(n: number, seed: number) {
  const rng = createRng(seed);
  const pick = (ws: string[]) => ws[rng.int(ws.length)];
  return Array.from({ length: n }, (_, i) => {
    const label = i % 2 ? 'pos' : 'neg';
    const words = Array.from({ length: 8 }, () =>
      rng.next() < 0.5 ? pick(NEUTRAL) : pick(label === 'pos' ? POS : NEG),
    );
    return { id: `r${i}`, text: words.join(' '), label };
  });
}

describe('tf-idf features', () => {
  it('tokenises, builds a df-ordered vocabulary and L2-normalised rows', () => {
    expect(tokenize("It's GREAT, isn't it? 10/10")).toEqual(["it's", 'great', "isn't", 'it', '10', '10']);
    const docs = [['a', 'b'], ['a', 'c'], ['a']];
    expect(buildVocabulary(docs)).toEqual(['a', 'b', 'c']);
    expect(buildVocabulary(docs, { minDf: 2 })).toEqual(['a']);
    expect(buildVocabulary(docs, { maxDfFraction: 0.5 })).toEqual(['b', 'c']);
    const { rows, idf } = tfidf(countVectors(docs, ['a', 'b', 'c']), 3);
    expect(idf[0]).toBeLessThan(idf[1]);
    for (const r of rows) expect(r.values.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1);
  });

  it('naive Bayes learns separable word classes', () => {
    const docs = [['good', 'good'], ['bad'], ['good'], ['bad', 'bad']].map((d) => d);
    const vocab = ['good', 'bad'];
    const model = fitNaiveBayes(countVectors(docs, vocab), [0, 1, 0, 1], 2, 2);
    const p = predictNaiveBayes(model, countVectors([['good']], vocab)[0]);
    expect(p[0]).toBeGreaterThan(0.7);
    expect(p[0] + p[1]).toBeCloseTo(1);
  });
});

describe('findLabelIssues', () => {
  const rows = corpus(400, 1);
  const flipped = new Set(['r10', 'r21', 'r32', 'r43', 'r54', 'r65', 'r76', 'r87']);
  const noisy = rows.map((r) => (flipped.has(r.id) ? { ...r, label: r.label === 'pos' ? 'neg' : 'pos' } : r));
  const opts = LabelQualityOptionsSchema.parse({ enabled: true });

  it('flags most planted label flips and few clean rows', () => {
    const result = findLabelIssues(noisy, opts, 7);
    const hits = result.issues.filter((x) => flipped.has(x.id)).length;
    expect(hits).toBeGreaterThanOrEqual(6);
    expect(result.issues.length - hits).toBeLessThanOrEqual(20);
    const issue = result.issues.find((x) => flipped.has(x.id))!;
    expect(issue.suggestedLabel).not.toBe(issue.givenLabel);
    expect(issue.suggestedProbability).toBeGreaterThan(issue.givenProbability);
    expect(result.rows).toBe(noisy);
    expect(result.report).toEqual({ stage: 'label-quality', in: 400, kept: 400, dropped: {} });
  });

  it('removes flagged rows when asked, deterministically', () => {
    const a = findLabelIssues(noisy, { ...opts, remove: true }, 7);
    expect(a.rows.length).toBe(400 - a.issues.length);
    expect(a.report.dropped).toEqual({ 'likely-mislabeled': a.issues.length });
    expect(findLabelIssues(noisy, { ...opts, remove: true }, 7)).toEqual(a);
  });

  it('skips with a reason when a class is smaller than the fold count', () => {
    const tiny = [
      ...rows.slice(0, 20).filter((r) => r.label === 'pos'),
      ...rows.slice(0, 6).filter((r) => r.label === 'neg'),
    ];
    const result = findLabelIssues(tiny, opts, 1);
    expect(result.skipped).toMatch(/smallest has 3/);
    expect(result.issues).toEqual([]);
  });
});
