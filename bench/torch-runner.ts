/**
 * Runs bench/torch_backend_bench.py in the venv out/.venv-torch (created on
 * first use with the pinned torch from PyPI; the Linux wheel pulls the CUDA
 * runtime wheels, several GB, once) and returns its figures, or undefined
 * after printing why it was skipped. Benches only: CI never needs Python.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const TORCH_VERSION = '2.15.0';
const VENV = join('out', '.venv-torch');
const PY = join(VENV, 'bin', 'python');

/** One torch measurement at one thread count. */
export interface TorchRun {
  threads: number;
  gflops: Record<number, number>;
  bertMs: number;
}

/**
 * The best torch figure of each kind over the thread counts tried (what a
 * user tuning torch.set_num_threads would get), and which count gave it.
 */
export interface TorchFigures {
  version: string;
  /** e.g. "best of 1, 2 threads (matMul 1024: 1, BERT step: 2)". */
  threads: string;
  gflops: Record<number, number>;
  bertMs: number;
  runs: TorchRun[];
}

export interface TorchBenchInput {
  sizes: number[];
  reps: number;
  /** Thread counts to measure at, each in turn. */
  threads: number[];
  bert: {
    layers: number;
    hidden: number;
    heads: number;
    ff: number;
    seq: number;
    batch: number;
    vocab: number;
    classes: number;
  };
}

function torchVersion(): string | undefined {
  try {
    return execFileSync(PY, ['-c', 'import torch; print(torch.__version__)'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

/** The venv's torch version after creating/updating it; undefined (with a printed reason) when it cannot be had. */
function ensureTorch(): string | undefined {
  const t0 = Date.now();
  try {
    if (!existsSync(PY)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    if (!torchVersion()?.startsWith(TORCH_VERSION)) {
      console.log(`installing torch==${TORCH_VERSION} into ${VENV} (first run only) ...`);
      execFileSync(
        join(VENV, 'bin', 'pip'),
        ['install', '-q', '--disable-pip-version-check', `torch==${TORCH_VERSION}`, 'numpy'],
        { stdio: 'inherit' },
      );
    }
  } catch (err) {
    console.log(
      `PyPI torch: skipped, could not create ${VENV} with torch==${TORCH_VERSION} (${(err as Error).message.split('\n')[0]})`,
    );
    return undefined;
  }
  const version = torchVersion();
  if (!version) console.log(`PyPI torch: skipped, 'import torch' fails in ${VENV}`);
  else console.log(`torch ${version} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return version;
}

function bestOf(version: string, runs: TorchRun[], sizes: number[]): TorchFigures {
  const fastestMatMul = (n: number) => runs.reduce((a, b) => (b.gflops[n] > a.gflops[n] ? b : a));
  const fastestBert = runs.reduce((a, b) => (b.bertMs < a.bertMs ? b : a));
  const largest = Math.max(...sizes);
  return {
    version,
    threads: `best of ${runs.map((r) => r.threads).join(', ')} threads (matMul ${largest}: ${fastestMatMul(largest).threads}, BERT step: ${fastestBert.threads})`,
    gflops: Object.fromEntries(sizes.map((n) => [n, fastestMatMul(n).gflops[n]])),
    bertMs: fastestBert.bertMs,
    runs,
  };
}

export function runTorchBench(input: TorchBenchInput): TorchFigures | undefined {
  if (!ensureTorch()) return undefined;
  try {
    const out = execFileSync(PY, [join('bench', 'torch_backend_bench.py'), JSON.stringify(input)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const { version, runs } = JSON.parse(out.toString()) as { version: string; runs: TorchRun[] };
    return bestOf(version, runs, input.sizes);
  } catch (err) {
    console.log(`PyPI torch: skipped, bench/torch_backend_bench.py failed (${(err as Error).message.split('\n')[0]})`);
    return undefined;
  }
}
