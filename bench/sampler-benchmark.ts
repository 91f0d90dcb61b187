/**
 * Our samplers vs Optuna's, side by side in one run, on standard test functions.
 *
 *   npx tsx bench/sampler-benchmark.ts [--seeds 10] [--budget 50] [--functions branin,hartmann6,levy4,ackley4]
 *                                       [--no-optuna-gp] [--no-optuna]
 *
 * Steps: create the venv out/.venv-optuna with the pinned Optuna (+ scipy, + torch for
 * Optuna's GPSampler; skipped when already present) -> start bench/optuna_runner.py
 * (TPESampler, GPSampler) in a child process -> meanwhile run our gp, tpe and random
 * through the ask/tell API -> check both sides compute the same function values ->
 * print the median simple regret (best found - global minimum) per function and
 * sampler over the seeds, and our best sampler vs Optuna's best per function.
 *
 * Convention: our samplers maximise, so they are fed -f; Optuna minimises f.
 * Note: PyPI's Linux torch wheel depends on the CUDA runtime wheels (~5.6 GB venv in all);
 * --no-optuna-gp skips torch and compares against TPESampler only.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SearchSpaceSchema, type Params } from '../lib/search/space/search-space-schema';
import { createRng } from '../lib/core/rng';
import { createStudy } from '../lib/search/study';
import { GpSampler } from '../lib/search/samplers/gp-sampler';
import { RandomHistorySampler } from '../lib/search/samplers/random-history-sampler';
import type { SamplerFactory } from '../lib/search/types';
import { TpeSampler } from '../lib/search/samplers/tpe-sampler';
import { BENCH_FUNCTIONS, type BenchFunction } from './sampler-benchmark-functions';

export const OPTUNA_VERSION = '4.5.0';
export const SCIPY_VERSION = '1.17.1';
export const TORCH_VERSION = '2.15.0';
const OUT = join('out', 'sampler-benchmark');
const VENV = join('out', '.venv-optuna');
const PY = join(VENV, 'bin', 'python');

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const OURS: Record<string, SamplerFactory> = {
  gp: (space) => new GpSampler(space),
  tpe: (space) => new TpeSampler(space),
  random: (space) => new RandomHistorySampler(space),
};

interface Result {
  fn: string;
  sampler: string;
  seed: number;
  best: number;
}

function pipOk(mod: string, version: string): boolean {
  try {
    return execFileSync(PY, ['-c', `import ${mod}; print(${mod}.__version__)`], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim()
      .startsWith(version);
  } catch {
    return false;
  }
}

/** Creates or reuses the venv; returns whether torch (Optuna's GPSampler) is usable. */
function ensureVenv(withTorch: boolean): boolean {
  const t0 = Date.now();
  if (!existsSync(PY)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  if (!pipOk('optuna', OPTUNA_VERSION) || !pipOk('scipy', SCIPY_VERSION)) {
    execFileSync(join(VENV, 'bin', 'pip'), ['install', '-q', `optuna==${OPTUNA_VERSION}`, `scipy==${SCIPY_VERSION}`], {
      stdio: 'inherit',
    });
  }
  let torch = withTorch && pipOk('torch', TORCH_VERSION);
  if (withTorch && !torch) {
    try {
      execFileSync(join(VENV, 'bin', 'pip'), ['install', '-q', `torch==${TORCH_VERSION}`], { stdio: 'inherit' });
      torch = pipOk('torch', TORCH_VERSION);
    } catch {
      torch = false;
    }
  }
  console.log(
    `venv ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (optuna ${OPTUNA_VERSION}, scipy ${SCIPY_VERSION}, torch ${torch ? TORCH_VERSION : 'unavailable'})`,
  );
  return torch;
}

function spaceOf(fn: BenchFunction) {
  return SearchSpaceSchema.parse(
    Object.fromEntries(fn.bounds.map(([low, high], i) => [`x${i}`, { type: 'float', low, high }])),
  );
}

const pointOf = (fn: BenchFunction, p: Params): number[] => fn.bounds.map((_, i) => p[`x${i}`] as number);

async function runOurs(
  fns: BenchFunction[],
  seeds: number[],
  budget: number,
): Promise<{ results: Result[]; seconds: Record<string, number> }> {
  const results: Result[] = [];
  const seconds: Record<string, number> = {};
  for (const [name, factory] of Object.entries(OURS)) {
    const t0 = Date.now();
    for (const fn of fns) {
      for (const seed of seeds) {
        const study = createStudy({ space: spaceOf(fn), sampler: factory, seed });
        const best = await study.optimize((p) => -fn.f(pointOf(fn, p)), budget);
        results.push({ fn: fn.name, sampler: name, seed, best: -(best?.value as number) });
      }
    }
    seconds[name] = (Date.now() - t0) / 1000;
    console.log(`ours/${name}: ${seconds[name].toFixed(1)} s`);
  }
  return { results, seconds };
}

function runOptuna(spec: object): Promise<{
  results: Result[];
  check: Record<string, number[]>;
  seconds: Record<string, number>;
  unavailable: Record<string, string>;
}> {
  const inPath = join(OUT, 'optuna-in.json');
  const outPath = join(OUT, 'optuna-out.json');
  writeFileSync(inPath, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = spawn(PY, ['bench/optuna_runner.py', inPath, outPath], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(readFileSync(outPath, 'utf8')))
        : reject(new Error(`optuna_runner.py exited with ${code}`)),
    );
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function report(fns: BenchFunction[], results: Result[], samplers: string[]): void {
  const regret = (fn: BenchFunction, sampler: string): number =>
    median(results.filter((r) => r.fn === fn.name && r.sampler === sampler).map((r) => Math.max(0, r.best - fn.fMin)));
  const cols = samplers.map((s) => s.padStart(14)).join('');
  console.log(`\nmedian simple regret (lower is better)\n${'function'.padEnd(11)}${cols}   ours best vs optuna best`);
  let wins = 0;
  for (const fn of fns) {
    const row = samplers.map((s) => regret(fn, s));
    const best = (prefix: string) =>
      samplers
        .filter((s) => s.startsWith(prefix))
        .map((s) => ({ s, r: regret(fn, s) }))
        .sort((a, b) => a.r - b.r)[0];
    const ours = best('ours/');
    const theirs = best('optuna/');
    const verdict = theirs ? (ours.r <= theirs.r ? 'ours <=' : 'optuna better') : '';
    if (theirs && ours.r <= theirs.r) wins++;
    console.log(
      `${fn.name.padEnd(11)}${row.map((r) => r.toExponential(2).padStart(14)).join('')}   ${ours.s} ${ours.r.toExponential(2)} vs ${theirs ? `${theirs.s} ${theirs.r.toExponential(2)}` : '-'}  ${verdict}`,
    );
  }
  console.log(`\nour best sampler <= Optuna's best on ${wins} of ${fns.length} functions`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  mkdirSync(OUT, { recursive: true });
  const seeds = Array.from({ length: Number(arg('seeds') ?? 10) }, (_, i) => i + 1);
  const budget = Number(arg('budget') ?? 50);
  const names = (arg('functions') ?? BENCH_FUNCTIONS.map((f) => f.name).join(',')).split(',');
  const fns = BENCH_FUNCTIONS.filter((f) => names.includes(f.name));
  const withOptuna = !flag('no-optuna');
  const torch = withOptuna && ensureVenv(!flag('no-optuna-gp'));
  const rng = createRng(123);
  const check = Object.fromEntries(
    fns.map((fn) => [
      fn.name,
      Array.from({ length: 5 }, () => fn.bounds.map(([lo, hi]) => lo + rng.next() * (hi - lo))),
    ]),
  );
  const optunaSamplers = ['tpe', ...(torch ? ['gp'] : [])];
  const optuna = withOptuna
    ? runOptuna({ budget, seeds, functions: fns.map((f) => f.name), samplers: optunaSamplers, check })
    : undefined;
  const ours = await runOurs(fns, seeds, budget);
  const theirs = await optuna;
  const results = [...ours.results.map((r) => ({ ...r, sampler: `ours/${r.sampler}` }))];
  if (theirs) {
    for (const fn of fns) {
      const diff = Math.max(...check[fn.name].map((x, i) => Math.abs(fn.f(x) - theirs.check[fn.name][i])));
      if (diff > 1e-9) throw new Error(`${fn.name}: TS and Python definitions disagree by ${diff}`);
    }
    for (const [k, why] of Object.entries(theirs.unavailable)) console.log(`optuna/${k} unavailable: ${why}`);
    for (const [k, s] of Object.entries(theirs.seconds)) console.log(`optuna/${k}: ${s.toFixed(1)} s`);
    results.push(...theirs.results.map((r) => ({ ...r, sampler: `optuna/${r.sampler}` })));
  }
  const samplers = [
    ...Object.keys(OURS).map((s) => `ours/${s}`),
    ...(theirs ? optunaSamplers.filter((s) => !(s in theirs.unavailable)).map((s) => `optuna/${s}`) : []),
  ];
  console.log(`\n${fns.length} functions x ${seeds.length} seeds x ${budget} evaluations`);
  report(fns, results, samplers);
  writeFileSync(join(OUT, 'results.json'), JSON.stringify({ budget, seeds, results }, null, 1));
  console.log(`\ntotal wall time ${((Date.now() - t0) / 1000).toFixed(1)} s (results in ${join(OUT, 'results.json')})`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
