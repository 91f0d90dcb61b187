import { csrFromRows, hstack, selectRows } from '../../../../lib/models/sparse-linear/csr-matrix';
import { minimizeLbfgs } from '../../../../lib/models/sparse-linear/lbfgs';
import { fitTfidf, ngrams, tfidfWidth, transformTfidf } from '../../../../lib/models/sparse-linear/tfidf-vectorizer';

describe('ngrams', () => {
  it('word n-grams use runs of 2+ word characters, joined by one space', () => {
    expect(ngrams('a big, big dog_1!', { kind: 'word', minN: 1, maxN: 2 })).toEqual([
      'big',
      'big',
      'dog_1',
      'big big',
      'big dog_1',
    ]);
  });

  it('char_wb pads each word and gives a short word once, as scikit-learn does', () => {
    expect(ngrams('ab  c', { kind: 'char_wb', minN: 2, maxN: 5 })).toEqual([
      ' a',
      'ab',
      'b ',
      ' ab',
      'ab ',
      ' ab ',
      ' c',
      'c ',
      ' c ',
    ]);
  });

  it('char n-grams collapse whitespace runs and count code points, not UTF-16 units', () => {
    expect(ngrams('a  😀b', { kind: 'char', minN: 3, maxN: 3 })).toEqual(['a 😀', ' 😀b']);
  });
});

describe('fitTfidf / transformTfidf', () => {
  const texts = ['good film', 'bad film', 'good good plot'];
  const options = {
    analyzers: [{ kind: 'word' as const, minN: 1, maxN: 1 }],
    lowercase: true,
    sublinearTf: false,
    minDf: 1,
  };

  it('uses smooth idf and L2-normalised rows', () => {
    const fitted = fitTfidf(texts, options);
    expect(fitted.blocks[0].terms).toEqual(['bad', 'film', 'good', 'plot']);
    const idf = (df: number) => Math.log(4 / (1 + df)) + 1;
    expect(fitted.blocks[0].idf).toEqual([idf(1), idf(2), idf(2), idf(1)]);
    const x = transformTfidf(fitted, ['GOOD good unseen plot']);
    const raw = [2 * idf(2), idf(1)];
    const norm = Math.hypot(...raw);
    expect([...x.indices]).toEqual([2, 3]);
    expect(x.values[0]).toBeCloseTo(raw[0] / norm, 12);
    expect(x.values[1]).toBeCloseTo(raw[1] / norm, 12);
  });

  it('sublinear tf is 1 + ln(count); maxFeatures keeps the most frequent terms', () => {
    const fitted = fitTfidf(texts, { ...options, sublinearTf: true, maxFeatures: 2 });
    expect(fitted.blocks[0].terms).toEqual(['film', 'good']);
    const x = transformTfidf(fitted, ['good good good']);
    expect(x.values[0]).toBeCloseTo(1, 12); // a single term normalises to 1 whatever its tf
    expect(tfidfWidth(fitted)).toBe(2);
  });

  it('minDf as a count or a fraction; removing every term is a DataError naming minDf', () => {
    expect(fitTfidf(texts, { ...options, minDf: 2 }).blocks[0].terms).toEqual(['film', 'good']);
    expect(fitTfidf(texts, { ...options, minDf: 0.5 }).blocks[0].terms).toEqual(['film', 'good']);
    expect(() => fitTfidf(texts, { ...options, minDf: 3 })).toThrow(
      'tfidf: minDf 3 removes all 4 word 1-1-grams terms (the most common is in 2 of 3 texts); lower model.tfidf.minDf',
    );
    expect(() => fitTfidf(['!', '?'], options)).toThrow(
      'tfidf: the word 1-1-grams analyzer found no terms in 2 training texts; check that cleaning left text, or use a char analyzer',
    );
  });
});

describe('csr helpers', () => {
  it('hstack offsets the second block and selectRows keeps order', () => {
    const a = csrFromRows([new Map([[1, 2]]), new Map([[0, 3]])], 2);
    const b = csrFromRows([new Map([[0, 5]]), new Map()], 1);
    const both = hstack(a, b);
    expect(both.cols).toBe(3);
    expect([...both.indptr]).toEqual([0, 2, 3]);
    expect([...both.indices]).toEqual([1, 2, 0]);
    const picked = selectRows(both, [1, 0]);
    expect([...picked.values]).toEqual([3, 2, 5]);
  });
});

describe('minimizeLbfgs', () => {
  it('minimises an ill-conditioned quadratic to tolerance', () => {
    const scale = [1, 100, 1e4];
    const result = minimizeLbfgs(
      (x, g) => {
        let f = 0;
        x.forEach((v, i) => {
          f += 0.5 * scale[i] * (v - i) ** 2;
          g[i] = scale[i] * (v - i);
        });
        return f;
      },
      new Float64Array(3),
      { tol: 1e-8, maxIter: 200 },
    );
    expect(result.reason).toBe('converged');
    [0, 1, 2].forEach((i) => expect(result.x[i]).toBeCloseTo(i, 6));
  });
});
