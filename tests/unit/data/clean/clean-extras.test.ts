import { applyCleanExtras } from '../../../../lib/data/clean/clean-extras';
import { CleanExtrasOptionsSchema } from '../../../../lib/data/curation-options';
import { maskPii } from '../../../../lib/data/clean/mask-pii';
import { englishStopwords, removeStopwords } from '../../../../lib/data/clean/remove-stopwords';
import {
  correctSpelling,
  countWords,
  createSpellCorrector,
  edits1,
  englishDictionary,
  isKnownWord,
} from '../../../../lib/data/clean/spell-correct';

const defaults = CleanExtrasOptionsSchema.parse({});
const ex = (id: string, text: string) => ({ id, text, label: 'x' });

describe('maskPii', () => {
  it('masks e-mails, URLs and phone numbers', () => {
    expect(maskPii('mail jane.doe+x@example.co.uk now')).toBe('mail [EMAIL] now');
    expect(maskPii('see https://shop.example.com/p?id=3. or www.foo.org!')).toBe('see [URL]. or [URL]!');
    expect(maskPii('call +1 (555) 123-4567 or 020 7946 0958')).toBe('call [PHONE] or [PHONE]');
  });

  it('leaves years, prices, short numbers alone and is idempotent', () => {
    const text = 'bought in 2019 for $45.99, 3 stars, model 12-34';
    expect(maskPii(text)).toBe(text);
    const masked = maskPii('a@b.io 555-123-4567');
    expect(maskPii(masked)).toBe(masked);
  });
});

describe('removeStopwords', () => {
  it('removes stop words but keeps negations and intensifiers', () => {
    const stop = englishStopwords();
    expect(removeStopwords('The battery is not very good, and it was slow', stop)).toBe('battery not very good, slow');
    expect(stop.has('the')).toBe(true);
    expect(stop.has('not')).toBe(false);
  });
});

describe('spell correction', () => {
  const dict = englishDictionary();
  it('loads the dictionary-en stems and knows inflected forms', () => {
    expect(dict.size).toBeGreaterThan(40_000);
    expect(isKnownWord('phones', dict)).toBe(true);
    expect(isKnownWord('charging', dict)).toBe(true);
    expect(isKnownWord('qzxv', dict)).toBe(false);
  });

  it('corrects edit-distance-1 typos, preferring words frequent in the corpus', () => {
    const corrector = createSpellCorrector(dict, countWords(['great great great', 'grate']));
    expect(corrector.correct('graet')).toBe('great');
    expect(correctSpelling('the batery was terible', corrector)).toBe('the battery was terrible');
    expect(correctSpelling("wouldn't Londn mp3", corrector)).toBe("wouldn't Londn mp3");
  });

  it('edits1 includes deletions, transpositions, substitutions, insertions', () => {
    const e = edits1('ab');
    expect(['b', 'a', 'ba', 'cb', 'ac', 'cab', 'abc'].map((w) => e.has(w))).toEqual(Array(7).fill(true));
    expect(e.get('ba')).toBe(0);
    expect(e.get('abb')).toBe(1);
    expect(e.get('cb')).toBe(4);
  });
});

describe('applyCleanExtras', () => {
  const rows = [ex('a', 'email me at a@b.com'), ex('b', 'the and of'), ex('c', 'one two three four five six')];

  it('changes nothing with the defaults', () => {
    const result = applyCleanExtras(rows, defaults);
    expect(result.rows).toEqual(rows);
    expect(result.report).toEqual({ stage: 'clean-extras', in: 3, kept: 3, dropped: {} });
  });

  it('applies the chosen steps and reports drops by reason', () => {
    const result = applyCleanExtras(rows, {
      ...defaults,
      maskPii: true,
      removeStopwords: true,
      minWords: 2,
      maxWords: 5,
    });
    expect(result.rows.map((r) => r.text)).toEqual(['email [EMAIL]']);
    expect(result.report.dropped).toEqual({ 'empty-after-stopwords': 1, 'too-many-words': 1 });
    expect(result.changed.maskPii).toBe(1);
    expect(rows[0].text).toBe('email me at a@b.com');
  });
});
