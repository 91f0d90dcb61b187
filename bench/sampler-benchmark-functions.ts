/**
 * Standard test functions of bench/sampler-benchmark.ts, in minimisation form
 * with their known global minima (Surjanovic & Bingham's library of simulation
 * experiments). bench/optuna_runner.py defines the same functions; the bench
 * checks that both sides agree on a set of points before comparing samplers.
 */

export interface BenchFunction {
  name: string;
  bounds: Array<[number, number]>;
  /** Global minimum value. */
  fMin: number;
  f: (x: readonly number[]) => number;
}

function branin([a, b]: readonly number[]): number {
  return (
    (b - (5.1 / (4 * Math.PI ** 2)) * a * a + (5 / Math.PI) * a - 6) ** 2 +
    10 * (1 - 1 / (8 * Math.PI)) * Math.cos(a) +
    10
  );
}

const HART_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HART_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];
const HART_ALPHA = [1.0, 1.2, 3.0, 3.2];

function hartmann6(x: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += HART_A[i][j] * (x[j] - HART_P[i][j] * 1e-4) ** 2;
    total -= HART_ALPHA[i] * Math.exp(-inner);
  }
  return total;
}

function levy(x: readonly number[]): number {
  const w = x.map((v) => 1 + (v - 1) / 4);
  let s = Math.sin(Math.PI * w[0]) ** 2;
  for (const v of w.slice(0, -1)) s += (v - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * v + 1) ** 2);
  const last = w[w.length - 1];
  return s + (last - 1) ** 2 * (1 + Math.sin(2 * Math.PI * last) ** 2);
}

function ackley(x: readonly number[]): number {
  const d = x.length;
  const s1 = x.reduce((s, v) => s + v * v, 0) / d;
  const s2 = x.reduce((s, v) => s + Math.cos(2 * Math.PI * v), 0) / d;
  return -20 * Math.exp(-0.2 * Math.sqrt(s1)) - Math.exp(s2) + 20 + Math.E;
}

export const BENCH_FUNCTIONS: BenchFunction[] = [
  {
    name: 'branin',
    bounds: [
      [-5, 10],
      [0, 15],
    ],
    fMin: 0.397887357729738,
    f: branin,
  },
  {
    name: 'hartmann6',
    bounds: Array.from({ length: 6 }, (): [number, number] => [0, 1]),
    fMin: -3.32236801141551,
    f: hartmann6,
  },
  { name: 'levy4', bounds: Array.from({ length: 4 }, (): [number, number] => [-10, 10]), fMin: 0, f: levy },
  { name: 'ackley4', bounds: Array.from({ length: 4 }, (): [number, number] => [-32.768, 32.768]), fMin: 0, f: ackley },
];
