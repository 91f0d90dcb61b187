import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { createRng } from '../../../../lib/core/rng';
import { CholeskyFactor } from '../../../../lib/search/gp/dense-cholesky';

/** A random symmetric positive definite n x n matrix (Gram matrix plus a small ridge). */
function spd(n: number, seed: number): number[][] {
  const rng = createRng(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: n + 2 }, () => rng.next() - 0.5));
  return x.map((a, i) => x.map((b, j) => a.reduce((s, v, d) => s + v * b[d], 0) + (i === j ? 0.01 : 0)));
}

describe('CholeskyFactor', () => {
  // Sizes around the 4-wide blocks: empty remainder, every remainder, several blocks.
  test.each([1, 2, 3, 4, 5, 7, 8, 9, 13, 33])(
    'matches ml-matrix bit for bit at n = %i (factor, solve, inverse)',
    (n) => {
      const k = spd(n, n);
      const reference = new CholeskyDecomposition(new Matrix(k));
      const factor = CholeskyFactor.of(Float64Array.from(k.flat()), n)!;
      const inverse = reference.solve(Matrix.eye(n));
      const inverseLower = factor.inverseLowerTriangle();
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          expect(factor.lower[i * n + j]).toBe(reference.lowerTriangularMatrix.get(i, j));
          expect(inverseLower[i * n + j]).toBe(inverse.get(i, j));
        }
      }
      const b = k.map((row) => row[0] - 0.3);
      expect(Array.from(factor.solveInPlace(Float64Array.from(b)))).toEqual(
        reference.solve(Matrix.columnVector(b)).getColumn(0),
      );
    },
  );

  test('rejects a matrix that is not positive definite', () => {
    expect(CholeskyFactor.of(Float64Array.from([1, 2, 2, 1]), 2)).toBeUndefined();
    expect(
      CholeskyFactor.of(
        Float64Array.from(
          spd(6, 1)
            .flat()
            .map((v, i) => (i === 35 ? -1 : v)),
        ),
        6,
      ),
    ).toBeUndefined();
  });
});
