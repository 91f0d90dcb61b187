import { exploreDataset } from '../../../../lib/data/explore/explore-dataset';
import { histogram, ngrams, ngramTables, topCounts } from '../../../../lib/data/explore/explore-tables';
import { nmf, topTermsPerTopic } from '../../../../lib/data/explore/nmf-topics';
import { buildVocabulary, countVectors, tfidf, tokenize } from '../../../../lib/data/quality/tfidf';
import { layoutWordCloud, wordCloudSvg } from '../../../../lib/data/explore/word-cloud-svg';

const ex = (id: string, text: string, label: string) => ({ id, text, label });

describe('exploration tables', () => {
  it('counts with deterministic tie-breaking and builds n-grams', () => {
    expect(topCounts(['b', 'a', 'b', 'c', 'a'], 2)).toEqual([
      { term: 'a', count: 2 },
      { term: 'b', count: 2 },
    ]);
    expect(ngrams(['a', 'b', 'c'], 2)).toEqual(['a b', 'b c']);
    const tables = ngramTables([ex('1', 'the cat sat', 'x'), ex('2', 'the cat ran', 'y')], 1);
    expect(tables.map((t) => t.entries[0])).toEqual([
      { term: 'cat', count: 2 },
      { term: 'the cat', count: 2 },
      { term: 'the cat ran', count: 1 },
    ]);
  });

  it('histograms cover every value exactly once', () => {
    const values = [1, 2, 2, 3, 10];
    const h = histogram(values, 3);
    expect(h.reduce((s, b) => s + b.count, 0)).toBe(5);
    expect(h[0]).toEqual({ lo: 1, hi: 4, count: 4 });
    expect(h[2].count).toBe(1);
    expect(histogram([4, 4], 5)).toEqual([{ lo: 4, hi: 4, count: 2 }]);
  });
});

describe('word cloud', () => {
  const entries = topCounts('alpha beta gamma delta alpha alpha beta <script>'.split(' '), 10);
  it('places words without overlap, biggest first, and escapes text', () => {
    const placed = layoutWordCloud(entries);
    expect(placed[0]).toMatchObject({ term: 'alpha', fontSize: 56 });
    expect(placed.length).toBe(entries.length);
    const svg = wordCloudSvg(entries);
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toContain('<script>');
    expect(wordCloudSvg(entries)).toBe(svg);
  });
});

describe('NMF topics', () => {
  it('separates two planted topics and lowers the error with iterations', () => {
    const sport = ['goal', 'match', 'team', 'score', 'league'];
    const food = ['pasta', 'sauce', 'cheese', 'bread', 'oven'];
    const docs = Array.from({ length: 40 }, (_, i) => {
      const words = i % 2 ? sport : food;
      return tokenize(Array.from({ length: 6 }, (_, k) => words[(i + k * 3) % 5]).join(' '));
    });
    const vocab = buildVocabulary(docs);
    const { rows } = tfidf(countVectors(docs, vocab), vocab.length);
    const short = nmf(rows, vocab.length, 2, 2, 1);
    const long = nmf(rows, vocab.length, 2, 200, 1);
    expect(long.error).toBeLessThan(short.error);
    const tops = topTermsPerTopic(long.topics, vocab, 5).map((t) => new Set(t.map((x) => x.term)));
    const isSport = (s: Set<string>) => sport.every((w) => s.has(w));
    const isFood = (s: Set<string>) => food.every((w) => s.has(w));
    expect((isSport(tops[0]) && isFood(tops[1])) || (isFood(tops[0]) && isSport(tops[1]))).toBe(true);
    expect(nmf(rows, vocab.length, 2, 20, 1)).toEqual(nmf(rows, vocab.length, 2, 20, 1));
  });
});

describe('exploreDataset', () => {
  it('returns every table for the report', () => {
    const rows = Array.from({ length: 30 }, (_, i) =>
      ex(`r${i}`, i % 2 ? `the phone battery is great ${i}` : `the film plot was awful ${i}`, i % 2 ? 'pos' : 'neg'),
    );
    const e = exploreDataset(rows, { seed: 1, topics: 2 });
    expect(e.labels).toEqual([
      { term: 'neg', count: 15 },
      { term: 'pos', count: 15 },
    ]);
    expect(e.tokens.some((t) => t.term === 'the')).toBe(false);
    expect(e.ngrams).toHaveLength(3);
    expect(e.lengths.tokens.reduce((s, b) => s + b.count, 0)).toBe(30);
    expect(e.wordCloudSvg.startsWith('<svg')).toBe(true);
    expect(e.topics.topics).toHaveLength(2);
  });
});
