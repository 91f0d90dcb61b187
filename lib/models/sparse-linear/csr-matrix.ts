/**
 * Compressed sparse row matrix: row r's non-zeros are
 * `indices[indptr[r] .. indptr[r+1])` (column numbers, ascending within a
 * row) with `values` at the same positions. The layout scikit-learn and scipy
 * use, so a TF-IDF matrix of 100k columns costs only its non-zeros.
 */
export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Builds a CSR matrix from per-row maps of column -> value (columns sorted here; zeros dropped). */
export function csrFromRows(rows: readonly ReadonlyMap<number, number>[], cols: number): CsrMatrix {
  let nnz = 0;
  for (const r of rows) nnz += r.size;
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  rows.forEach((row, r) => {
    const columns = [...row.keys()].sort((a, b) => a - b);
    for (const c of columns) {
      if (c < 0 || c >= cols) throw new RangeError(`csr: column ${c} outside 0..${cols - 1} in row ${r}`);
      const v = row.get(c)!;
      if (v === 0) continue;
      indices[at] = c;
      values[at] = v;
      at++;
    }
    indptr[r + 1] = at;
  });
  return { rows: rows.length, cols, indptr, indices: indices.subarray(0, at), values: values.subarray(0, at) };
}

/** Scales every row to unit Euclidean length in place (all-zero rows stay zero); returns the matrix. */
export function l2NormalizeRows(m: CsrMatrix): CsrMatrix {
  for (let r = 0; r < m.rows; r++) {
    let sq = 0;
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) sq += m.values[p] * m.values[p];
    if (sq === 0) continue;
    const inv = 1 / Math.sqrt(sq);
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) m.values[p] *= inv;
  }
  return m;
}

/** Side-by-side concatenation `[a | b]` of two matrices with the same rows. */
export function hstack(a: CsrMatrix, b: CsrMatrix): CsrMatrix {
  if (a.rows !== b.rows) throw new RangeError(`hstack: ${a.rows} rows vs ${b.rows} rows`);
  const nnz = a.values.length + b.values.length;
  const indptr = new Int32Array(a.rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  for (let r = 0; r < a.rows; r++) {
    for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++, at++) {
      indices[at] = a.indices[p];
      values[at] = a.values[p];
    }
    for (let p = b.indptr[r]; p < b.indptr[r + 1]; p++, at++) {
      indices[at] = a.cols + b.indices[p];
      values[at] = b.values[p];
    }
    indptr[r + 1] = at;
  }
  return { rows: a.rows, cols: a.cols + b.cols, indptr, indices, values };
}

/** Rows `which` of `m`, in that order, as a new matrix. */
export function selectRows(m: CsrMatrix, which: readonly number[]): CsrMatrix {
  let nnz = 0;
  for (const r of which) nnz += m.indptr[r + 1] - m.indptr[r];
  const indptr = new Int32Array(which.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  which.forEach((r, i) => {
    const start = m.indptr[r];
    const end = m.indptr[r + 1];
    indices.set(m.indices.subarray(start, end), at);
    values.set(m.values.subarray(start, end), at);
    at += end - start;
    indptr[i + 1] = at;
  });
  return { rows: which.length, cols: m.cols, indptr, indices, values };
}
