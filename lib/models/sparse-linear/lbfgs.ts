/**
 * Limited-memory BFGS for smooth unconstrained minimisation (Nocedal &
 * Wright, Numerical Optimization, algorithms 7.4 and 7.5), with a
 * backtracking Armijo line search. Small and dependency-free: the objectives
 * here (regularised logistic losses) are smooth and strictly convex, where
 * this is enough; curvature pairs with s·y <= 0 are skipped so the inverse
 * Hessian estimate stays positive definite.
 */

/** Objective value at x, writing its gradient into `grad` (same length as x). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when max |gradient| <= tol (scipy's pgtol; scikit-learn passes its `tol`). */
  readonly tol: number;
  readonly maxIter: number;
  /** Correction pairs kept (scipy's default is 10). */
  readonly memory?: number;
  /** Called after each iteration; return false to stop early (cancellation). */
  readonly onIteration?: (iteration: number, value: number, gradMax: number) => boolean | void;
}

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly gradMax: number;
  /** 'converged' (tol met), 'maxIter', 'stalled' (no decrease found) or 'stopped' (by onIteration). */
  readonly reason: 'converged' | 'maxIter' | 'stalled' | 'stopped';
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Minimises `f` from `x0` (not modified). */
export function minimizeLbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = f(x, g);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const direction = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  let gradMax = maxAbs(g);
  for (let iter = 0; iter < options.maxIter; iter++) {
    if (gradMax <= options.tol) return { x, value: fx, iterations: iter, gradMax, reason: 'converged' };
    // Two-loop recursion: direction = -H g.
    direction.set(g);
    for (let i = s.length - 1; i >= 0; i--) {
      alpha[i] = rho[i] * dot(s[i], direction);
      for (let j = 0; j < n; j++) direction[j] -= alpha[i] * y[i][j];
    }
    const gamma = s.length > 0 ? dot(s[s.length - 1], y[y.length - 1]) / dot(y[y.length - 1], y[y.length - 1]) : 1;
    for (let j = 0; j < n; j++) direction[j] *= gamma;
    for (let i = 0; i < s.length; i++) {
      const beta = rho[i] * dot(y[i], direction);
      for (let j = 0; j < n; j++) direction[j] += s[i][j] * (alpha[i] - beta);
    }
    for (let j = 0; j < n; j++) direction[j] = -direction[j];
    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let j = 0; j < n; j++) direction[j] = -g[j];
      slope = -dot(g, g);
    }
    let step = s.length === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let fNew = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < n; j++) xNew[j] = x[j] + step * direction[j];
      fNew = f(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= fx + 1e-4 * step * slope)) return { x, value: fx, iterations: iter, gradMax, reason: 'stalled' };
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      sk[j] = xNew[j] - x[j];
      yk[j] = gNew[j] - g[j];
    }
    const sy = dot(sk, yk);
    if (sy > 1e-10 * dot(yk, yk)) {
      if (s.length === m) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    [x, g] = [Float64Array.from(xNew), Float64Array.from(gNew)];
    fx = fNew;
    gradMax = maxAbs(g);
    if (options.onIteration?.(iter + 1, fx, gradMax) === false)
      return { x, value: fx, iterations: iter + 1, gradMax, reason: 'stopped' };
  }
  return {
    x,
    value: fx,
    iterations: options.maxIter,
    gradMax,
    reason: gradMax <= options.tol ? 'converged' : 'maxIter',
  };
}
