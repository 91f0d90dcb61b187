import { OOV_ID, PAD_ID, splitWords, WordTokenizer } from '../../../../lib/models/tokenizers/word-tokenizer';

const TEXTS = ['The cat sat.', 'the DOG sat; the cat ran!', 'Zebra 42 apples', 'café au lait'];

describe('WordTokenizer', () => {
  it('splits lowercase runs of letters and digits', () => {
    expect(splitWords("It's 42-ish, Café!")).toEqual(['it', 's', '42', 'ish', 'café']);
  });

  it('keeps the top vocabSize-2 words by frequency, ties alphabetical, independent of text order', () => {
    const a = WordTokenizer.fit(TEXTS, { vocabSize: 6, maxLen: 5 });
    const b = WordTokenizer.fit([...TEXTS].reverse(), { vocabSize: 6, maxLen: 5 });
    // the:3, cat:2, sat:2, then ties at 1 broken alphabetically: 42 < apples < ...
    expect(a.words).toEqual(['the', 'cat', 'sat', '42']);
    expect(b.words).toEqual(a.words);
    expect(a.size).toBe(6);
  });

  it('encodes to fixed length with PAD=0, OOV=1, truncating long texts', () => {
    const t = WordTokenizer.fit(TEXTS, { vocabSize: 6, maxLen: 4 });
    const enc = t.encode(['the cat', 'the unknown cat sat the cat', '']);
    expect(enc).toBeInstanceOf(Int32Array);
    expect(Array.from(enc)).toEqual([2, 3, PAD_ID, PAD_ID, 2, OOV_ID, 3, 4, PAD_ID, PAD_ID, PAD_ID, PAD_ID]);
  });

  it('round-trips through JSON', () => {
    const t = WordTokenizer.fit(TEXTS, { vocabSize: 100, maxLen: 8 });
    const copy = WordTokenizer.fromJSON(JSON.parse(JSON.stringify(t.toJSON())));
    expect(Array.from(copy.encode(TEXTS))).toEqual(Array.from(t.encode(TEXTS)));
    expect(copy.maxLen).toBe(8);
  });

  it('rejects invalid options and unknown versions', () => {
    expect(() => WordTokenizer.fit(TEXTS, { vocabSize: 1, maxLen: 4 })).toThrow(/vocabSize/);
    expect(() => WordTokenizer.fit(TEXTS, { vocabSize: 10, maxLen: 0 })).toThrow(/maxLen/);
    expect(() => WordTokenizer.fromJSON({ version: 99, maxLen: 4, words: [] })).toThrow(/version/);
  });
});
