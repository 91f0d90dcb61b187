/**
 * Dense Cholesky factorisation and solves on row-major Float64Arrays, the GP
 * sampler's linear algebra. Every matrix entry is computed by the same
 * floating-point operations, in the same order, as in ml-matrix's
 * `CholeskyDecomposition` (6.x), so results are bit-identical to it (the GP's
 * suggestions did not change when it moved off ml-matrix). The speed comes
 * from typed arrays, contiguous inner loops (a transposed copy of L for the
 * backward pass), skipping operations on known zeros, and working on four
 * rows or columns at once: four independent running sums share each load and
 * hide the latency of the additions, while each sum still adds its terms in
 * the original order. Nothing is reassociated.
 */

/** Rows (factorisation) or columns (inverse) processed together. */
const BLOCK = 4;

/** Lower-triangular Cholesky factor L of an n x n matrix (K = L L^T). */
export class CholeskyFactor {
  /** L^T, row-major: row k holds column k of L, so backward substitution reads contiguously. */
  private readonly upper: Float64Array;

  private constructor(
    readonly n: number,
    /** L, row-major n x n (zeros above the diagonal). */
    readonly lower: Float64Array,
  ) {
    this.upper = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let k = 0; k <= i; k++) this.upper[k * n + i] = lower[i * n + k];
  }

  /**
   * Factorises the symmetric matrix whose lower triangle (diagonal included) is
   * in `a` (row-major n x n; the upper triangle is not read). Undefined when the
   * matrix is not positive definite (a pivot <= 0).
   */
  static of(a: Float64Array, n: number): CholeskyFactor | undefined {
    const l = new Float64Array(n * n);
    const pivots = new Float64Array(BLOCK);
    for (let j0 = 0; j0 < n; j0 += BLOCK) {
      if (j0 + BLOCK <= n) offBlockRows(a, l, n, j0, pivots);
      else pivots.fill(0);
      // Columns k >= j0 of the block's rows, and their pivots, one row at a time.
      for (let j = j0; j < Math.min(n, j0 + BLOCK); j++) {
        const rowJ = j * n;
        let d = pivots[j - j0];
        for (let k = j0 + BLOCK <= n ? j0 : 0; k < j; k++) {
          const rowK = k * n;
          let s = 0;
          for (let i = 0; i < k; i++) s += l[rowK + i] * l[rowJ + i];
          s = (a[rowJ + k] - s) / l[rowK + k];
          l[rowJ + k] = s;
          d = d + s * s;
        }
        d = a[rowJ + j] - d;
        if (!(d > 0)) return undefined;
        l[rowJ + j] = Math.sqrt(d);
      }
    }
    return new CholeskyFactor(n, l);
  }

  /** log det K = sum 2 log L_ii. */
  logDeterminant(): number {
    let logDet = 0;
    for (let i = 0; i < this.n; i++) logDet += 2 * Math.log(this.lower[i * this.n + i]);
    return logDet;
  }

  /** Overwrites b with K^-1 b (forward then backward substitution). */
  solveInPlace(b: Float64Array): Float64Array {
    const { n, lower: l, upper: u } = this;
    for (let k = 0; k < n; k++) {
      const row = k * n;
      let s = b[k];
      for (let i = 0; i < k; i++) s = s - b[i] * l[row + i];
      b[k] = s / l[row + k];
    }
    for (let k = n - 1; k >= 0; k--) {
      const row = k * n;
      let s = b[k];
      for (let i = k + 1; i < n; i++) s = s - b[i] * u[row + i];
      b[k] = s / u[row + k];
    }
    return b;
  }

  /**
   * The lower triangle (diagonal included) of K^-1, row-major n x n (zeros
   * above the diagonal): column j of K^-1 is K^-1 e_j, of which only rows >= j
   * are computed; the forward pass starts at row j because e_j's leading
   * entries stay exactly zero. About n^3/3 multiply-adds instead of n^3.
   */
  inverseLowerTriangle(): Float64Array {
    const { n } = this;
    const out = new Float64Array(n * n);
    const cols = Array.from({ length: BLOCK }, () => new Float64Array(n));
    for (let j0 = 0; j0 < n; j0 += BLOCK) {
      const width = Math.min(BLOCK, n - j0);
      if (width === BLOCK) this.inverseColumnBlock(j0, cols);
      else for (let b = 0; b < width; b++) this.inverseColumn(j0 + b, cols[b]);
      for (let b = 0; b < width; b++) for (let k = j0 + b; k < n; k++) out[k * n + j0 + b] = cols[b][k];
    }
    return out;
  }

  /** Rows >= j of column j of K^-1 into `col`. */
  private inverseColumn(j: number, col: Float64Array): void {
    const { n, lower: l } = this;
    col[j] = 1 / l[j * n + j];
    for (let k = j + 1; k < n; k++) this.forwardEntry(j, k, col);
    for (let k = n - 1; k >= j; k--) this.backwardEntry(k, col);
  }

  /** Forward substitution for row k > j of column j (started at row j). */
  private forwardEntry(j: number, k: number, col: Float64Array): void {
    const { n, lower: l } = this;
    const row = k * n;
    let s = 0;
    for (let i = j; i < k; i++) s = s - col[i] * l[row + i];
    col[k] = s / l[row + k];
  }

  /** Backward substitution for row k of a column whose rows > k are done. */
  private backwardEntry(k: number, col: Float64Array): void {
    const { n, upper: u } = this;
    const row = k * n;
    let s = col[k];
    for (let i = k + 1; i < n; i++) s = s - col[i] * u[row + i];
    col[k] = s / u[row + k];
  }

  /**
   * Columns j0..j0+3 of K^-1 (rows >= their own index), interleaved where all
   * four are active; per entry the same operations as {@link inverseColumn}.
   */
  private inverseColumnBlock(j0: number, cols: Float64Array[]): void {
    const { n, lower: l, upper: u } = this;
    const [c0, c1, c2, c3] = cols;
    for (let b = 0; b < BLOCK; b++) {
      const j = j0 + b;
      cols[b][j] = 1 / l[j * n + j];
      for (let k = j + 1; k < j0 + BLOCK; k++) this.forwardEntry(j, k, cols[b]);
    }
    for (let k = j0 + BLOCK; k < n; k++) {
      const row = k * n;
      // Terms before column j0 + 3 starts; from there on the four columns run together.
      let s0 = 0 - c0[j0] * l[row + j0];
      s0 = s0 - c0[j0 + 1] * l[row + j0 + 1];
      s0 = s0 - c0[j0 + 2] * l[row + j0 + 2];
      let s1 = 0 - c1[j0 + 1] * l[row + j0 + 1];
      s1 = s1 - c1[j0 + 2] * l[row + j0 + 2];
      const s2 = 0 - c2[j0 + 2] * l[row + j0 + 2];
      substituteFour(cols, l, row, j0 + 3, k, k, s0, s1, s2, 0);
    }
    for (let k = n - 1; k >= j0 + BLOCK - 1; k--)
      substituteFour(cols, u, k * n, k + 1, n, k, c0[k], c1[k], c2[k], c3[k]);
    for (let k = j0 + BLOCK - 2; k >= j0; k--) for (let b = 0; b <= k - j0; b++) this.backwardEntry(k, cols[b]);
  }
}

/**
 * One substitution step for four columns c_b at once:
 * c_b[k] = (s_b - sum over i in [from, to) of c_b[i] m[row + i]) / m[row + k],
 * the terms subtracted in increasing i.
 */
function substituteFour(
  [c0, c1, c2, c3]: Float64Array[],
  m: Float64Array,
  row: number,
  from: number,
  to: number,
  k: number,
  s0: number,
  s1: number,
  s2: number,
  s3: number,
): void {
  for (let i = from; i < to; i++) {
    const v = m[row + i];
    s0 = s0 - c0[i] * v;
    s1 = s1 - c1[i] * v;
    s2 = s2 - c2[i] * v;
    s3 = s3 - c3[i] * v;
  }
  const pivot = m[row + k];
  c0[k] = s0 / pivot;
  c1[k] = s1 / pivot;
  c2[k] = s2 / pivot;
  c3[k] = s3 / pivot;
}

/**
 * Entries k < j0 of rows j0..j0+3 of L (all earlier rows are done), four rows
 * interleaved so each load of row k serves four running sums; `pivots` gets
 * each row's running sum of squares d. Per entry the same operations as the
 * row-at-a-time loop in {@link CholeskyFactor.of}.
 */
function offBlockRows(a: Float64Array, l: Float64Array, n: number, j0: number, pivots: Float64Array): void {
  const r0 = j0 * n;
  const r1 = r0 + n;
  const r2 = r1 + n;
  const r3 = r2 + n;
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  for (let k = 0; k < j0; k++) {
    const rowK = k * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < k; i++) {
      const v = l[rowK + i];
      s0 += v * l[r0 + i];
      s1 += v * l[r1 + i];
      s2 += v * l[r2 + i];
      s3 += v * l[r3 + i];
    }
    const pivot = l[rowK + k];
    s0 = (a[r0 + k] - s0) / pivot;
    s1 = (a[r1 + k] - s1) / pivot;
    s2 = (a[r2 + k] - s2) / pivot;
    s3 = (a[r3 + k] - s3) / pivot;
    l[r0 + k] = s0;
    l[r1 + k] = s1;
    l[r2 + k] = s2;
    l[r3 + k] = s3;
    d0 = d0 + s0 * s0;
    d1 = d1 + s1 * s1;
    d2 = d2 + s2 * s2;
    d3 = d3 + s3 * s3;
  }
  pivots[0] = d0;
  pivots[1] = d1;
  pivots[2] = d2;
  pivots[3] = d3;
}
