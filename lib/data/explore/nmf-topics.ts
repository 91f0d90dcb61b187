import { createRng } from '../../core/rng';
import type { SparseRow } from '../quality/tfidf';

/**
 * Topic modelling by non-negative matrix factorisation of the TF-IDF matrix,
 * V (docs x terms) ~ W (docs x k) H (k x terms), with Lee & Seung's
 * multiplicative updates for the Frobenius loss. Dense W and H, sparse V, so
 * one iteration is O(nnz * k + (docs + terms) * k^2). Seeded uniform init:
 * same input and seed -> same topics. Hand-written (~70 lines): no
 * maintained npm NMF package works on sparse input.
 */
export interface NmfResult {
  /** H: k rows of term weights. */
  topics: Float64Array[];
  /** W: per-document topic weights. */
  docTopics: Float64Array[];
  /** Frobenius reconstruction error ||V - WH|| after the last iteration. */
  error: number;
}

const EPS = 1e-10;

/** Factorises `rows` (vocabSize columns) into k topics. */
export function nmf(rows: SparseRow[], vocabSize: number, k: number, iterations: number, seed: number): NmfResult {
  const rng = createRng(seed).fork('nmf');
  const W = rows.map(() => Float64Array.from({ length: k }, () => rng.next() + EPS));
  const H = Array.from({ length: k }, () => Float64Array.from({ length: vocabSize }, () => rng.next() + EPS));
  for (let it = 0; it < iterations; it++) {
    updateH(rows, W, H, k, vocabSize);
    updateW(rows, W, H, k);
  }
  return { topics: H, docTopics: W, error: reconstructionError(rows, W, H, k) };
}

function dotWH(w: Float64Array, H: Float64Array[], t: number, k: number): number {
  let s = 0;
  for (let j = 0; j < k; j++) s += w[j] * H[j][t];
  return s;
}

/** H <- H * (W^T V) / (W^T W H). */
function updateH(rows: SparseRow[], W: Float64Array[], H: Float64Array[], k: number, vocabSize: number): void {
  const WtV = Array.from({ length: k }, () => new Float64Array(vocabSize));
  rows.forEach((row, d) =>
    row.indices.forEach((t, x) => {
      for (let j = 0; j < k; j++) WtV[j][t] += W[d][j] * row.values[x];
    }),
  );
  const WtW = gram(W, k);
  for (let j = 0; j < k; j++) {
    for (let t = 0; t < vocabSize; t++) {
      let denom = EPS;
      for (let l = 0; l < k; l++) denom += WtW[j][l] * H[l][t];
      H[j][t] *= WtV[j][t] / denom;
    }
  }
}

/** W <- W * (V H^T) / (W H H^T). */
function updateW(rows: SparseRow[], W: Float64Array[], H: Float64Array[], k: number): void {
  const HHt = Array.from({ length: k }, (_, a) =>
    Float64Array.from({ length: k }, (_, b) => H[a].reduce((s, v, t) => s + v * H[b][t], 0)),
  );
  rows.forEach((row, d) => {
    const VHt = new Float64Array(k);
    row.indices.forEach((t, x) => {
      for (let j = 0; j < k; j++) VHt[j] += row.values[x] * H[j][t];
    });
    const w = W[d];
    const next = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      let denom = EPS;
      for (let l = 0; l < k; l++) denom += w[l] * HHt[l][j];
      next[j] = w[j] * (VHt[j] / denom);
    }
    W[d] = next;
  });
}

function gram(W: Float64Array[], k: number): Float64Array[] {
  const G = Array.from({ length: k }, () => new Float64Array(k));
  for (const w of W) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) G[a][b] += w[a] * w[b];
  return G;
}

/** ||V - WH||_F, computed as ||V||^2 - 2 <V, WH> + ||WH||^2 without forming WH. */
function reconstructionError(rows: SparseRow[], W: Float64Array[], H: Float64Array[], k: number): number {
  let vv = 0;
  let vwh = 0;
  rows.forEach((row, d) =>
    row.indices.forEach((t, x) => {
      vv += row.values[x] ** 2;
      vwh += row.values[x] * dotWH(W[d], H, t, k);
    }),
  );
  const WtW = gram(W, k);
  let whwh = 0;
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) whwh += WtW[a][b] * H[a].reduce((s, v, t) => s + v * H[b][t], 0);
  return Math.sqrt(Math.max(0, vv - 2 * vwh + whwh));
}

/** The `top` highest-weighted terms of each topic, with weights. */
export function topTermsPerTopic(
  topics: Float64Array[],
  vocab: string[],
  top = 10,
): { term: string; weight: number }[][] {
  return topics.map((h) =>
    [...h.keys()]
      .sort((a, b) => h[b] - h[a] || a - b)
      .slice(0, top)
      .map((t) => ({ term: vocab[t], weight: h[t] })),
  );
}
