/**
 * Box-constrained L-BFGS (projected variant) for the small, smooth problems of
 * the GP sampler: fitting a handful of log-hyperparameters. Hand-written because
 * it is ~100 lines and the alternatives are a heavy numeric framework for one
 * function. Deterministic: no randomness, fixed iteration limits.
 *
 * Method: two-loop recursion for the quasi-Newton direction; components that
 * would leave the box at an active bound are zeroed; the step is a backtracking
 * Armijo search along the projected path P(x + t d). Not the full Byrd-Lu-Nocedal
 * L-BFGS-B (no Cauchy point), which is more than these problems need.
 */

/** f and its gradient at x. */
export type ObjectiveWithGradient = (x: readonly number[]) => { value: number; gradient: number[] };

export interface LbfgsOptions {
  lower: readonly number[];
  upper: readonly number[];
  /** Maximum iterations. Default 50. */
  maxIterations?: number;
  /** Memory (number of correction pairs). Default 8. */
  memory?: number;
  /** Stop when the projected gradient's max-norm falls below this. Default 1e-5. */
  gradientTolerance?: number;
}

export interface LbfgsResult {
  x: number[];
  value: number;
  iterations: number;
}

function project(x: readonly number[], lo: readonly number[], hi: readonly number[]): number[] {
  return x.map((v, i) => Math.min(hi[i], Math.max(lo[i], v)));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Gradient with components pointing out of the box at active bounds removed. */
function projectedGradient(
  x: readonly number[],
  g: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
): number[] {
  return g.map((gi, i) => ((x[i] <= lo[i] && gi > 0) || (x[i] >= hi[i] && gi < 0) ? 0 : gi));
}

function twoLoop(g: readonly number[], s: readonly number[][], y: readonly number[][]): number[] {
  const q = [...g];
  const alpha: number[] = [];
  for (let k = s.length - 1; k >= 0; k--) {
    const a = dot(s[k], q) / dot(y[k], s[k]);
    alpha[k] = a;
    for (let i = 0; i < q.length; i++) q[i] -= a * y[k][i];
  }
  const last = s.length - 1;
  const gamma = last >= 0 ? dot(s[last], y[last]) / dot(y[last], y[last]) : 1;
  const r = q.map((v) => v * gamma);
  for (let k = 0; k < s.length; k++) {
    const b = dot(y[k], r) / dot(y[k], s[k]);
    for (let i = 0; i < r.length; i++) r[i] += s[k][i] * (alpha[k] - b);
  }
  return r.map((v) => -v);
}

/**
 * Minimises `f` over the box [lower, upper] from `x0` (projected into the box).
 * Non-finite objective values are treated as +inf (the line search backs off).
 */
export function minimizeBounded(f: ObjectiveWithGradient, x0: readonly number[], options: LbfgsOptions): LbfgsResult {
  const { lower: lo, upper: hi } = options;
  const maxIt = options.maxIterations ?? 50;
  const mem = options.memory ?? 8;
  const tol = options.gradientTolerance ?? 1e-5;
  let x = project(x0, lo, hi);
  let cur = f(x);
  if (!Number.isFinite(cur.value)) return { x, value: cur.value, iterations: 0 };
  const s: number[][] = [];
  const y: number[][] = [];
  let it = 0;
  for (; it < maxIt; it++) {
    const pg = projectedGradient(x, cur.gradient, lo, hi);
    if (Math.max(...pg.map(Math.abs)) < tol) break;
    let d = projectedGradient(
      x,
      twoLoop(pg, s, y).map((v) => -v),
      lo,
      hi,
    ).map((v) => -v);
    if (dot(d, pg) >= 0) d = pg.map((v) => -v);
    const step = lineSearch(
      f,
      x,
      cur,
      d,
      lo,
      hi,
      it === 0 && s.length === 0 ? 1 / Math.max(1, Math.sqrt(dot(d, d))) : 1,
    );
    if (step === undefined) break;
    const sk = step.x.map((v, i) => v - x[i]);
    const yk = step.gradient.map((v, i) => v - cur.gradient[i]);
    if (dot(sk, yk) > 1e-12) {
      s.push(sk);
      y.push(yk);
      if (s.length > mem) {
        s.shift();
        y.shift();
      }
    }
    const improvement = cur.value - step.value;
    x = step.x;
    cur = step;
    if (improvement < 1e-10 * Math.max(1, Math.abs(cur.value))) break;
  }
  return { x, value: cur.value, iterations: it };
}

function lineSearch(
  f: ObjectiveWithGradient,
  x: readonly number[],
  cur: { value: number; gradient: number[] },
  d: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
  t0: number,
): { x: number[]; value: number; gradient: number[] } | undefined {
  let t = t0;
  for (let k = 0; k < 30; k++, t *= 0.5) {
    const xt = project(
      x.map((v, i) => v + t * d[i]),
      lo,
      hi,
    );
    const decrease = dot(
      cur.gradient,
      xt.map((v, i) => v - x[i]),
    );
    if (decrease >= 0) continue;
    const next = f(xt);
    if (Number.isFinite(next.value) && next.value <= cur.value + 1e-4 * decrease) return { x: xt, ...next };
  }
  return undefined;
}
