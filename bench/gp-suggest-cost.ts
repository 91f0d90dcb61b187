/**
 * Cost of one GP suggestion against the number of completed trials the GP
 * models, for the current code and for a baseline revision of lib/ measured in
 * the same run, on the same histories and seeds.
 *
 *   npx tsx bench/gp-suggest-cost.ts [--sizes 50,100,200,400] [--baseline <git rev> | --no-baseline] [--baseline-max 400]
 *
 * Histories: uniform random points in [0, 1]^6 scored by negated Hartmann-6;
 * each size gets `maxModelTrials` = size, so the GP models every trial. The
 * baseline is lib/ and configs/ of `--baseline` (default: the last revision
 * with ml-matrix linear algebra) extracted by `git archive` into
 * out/bench-baseline/<rev>/ and imported from there; it checks, too, that both
 * suggest the same point. A last row times the current default cap at the
 * largest size. Figures: see output (they depend on the machine and its load).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SearchSpaceSchema, type Params } from '../lib/search/space/search-space-schema';
import { createRng } from '../lib/core/rng';
import { DEFAULT_MAX_MODEL_TRIALS, GpSampler, type GpSamplerOptions } from '../lib/search/samplers/gp-sampler';
import type { Sampler, TrialObservation } from '../lib/search/types';
import { BENCH_FUNCTIONS } from './sampler-benchmark-functions';

/** Last revision whose GP used ml-matrix's CholeskyDecomposition (suggestions pinned by tests/unit/search/samplers/gp-pinned-suggestions.test.ts). */
const DEFAULT_BASELINE = '1ba8049';

type MakeSampler = (options: GpSamplerOptions) => Sampler;

const option = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

const hartmann6 = BENCH_FUNCTIONS.find((f) => f.name === 'hartmann6')!;
const space = SearchSpaceSchema.parse(
  Object.fromEntries(Array.from({ length: 6 }, (_, d) => [`x${d}`, { type: 'float', low: 0, high: 1 }])),
);
const coordinates = (p: Params): number[] => Array.from({ length: 6 }, (_, d) => p[`x${d}`] as number);

function history(size: number): TrialObservation[] {
  const rng = createRng(1000 + size);
  return Array.from({ length: size }, (_, index) => {
    const params: Params = Object.fromEntries(Array.from({ length: 6 }, (_, d) => [`x${d}`, rng.next()]));
    return { index, params, state: 'completed', value: -hartmann6.f(coordinates(params)) };
  });
}

/** Milliseconds of one suggestion, and the suggested point. */
function timeSuggestion(
  make: MakeSampler,
  options: GpSamplerOptions,
  trials: TrialObservation[],
): { ms: number; point: number[] } {
  const sampler = make(options);
  const t0 = performance.now();
  const [params] = sampler.suggest(trials, 1, 7);
  return { ms: performance.now() - t0, point: coordinates(params) };
}

/** The baseline's GpSampler constructor, or why there is none. */
async function loadBaseline(rev: string): Promise<MakeSampler | string> {
  const dir = join(__dirname, '..', 'out', 'bench-baseline', rev);
  try {
    if (!existsSync(join(dir, 'lib', 'search', 'gp-sampler.ts'))) {
      mkdirSync(dir, { recursive: true });
      const tar = execFileSync('git', ['archive', rev, 'lib', 'configs'], {
        cwd: join(__dirname, '..'),
        maxBuffer: 1 << 28,
      });
      execFileSync('tar', ['-x', '-C', dir], { input: tar });
    }
    const mod = (await import(join(dir, 'lib', 'search', 'gp-sampler.ts'))) as { GpSampler: typeof GpSampler };
    return (options) => new mod.GpSampler(space, options);
  } catch (err) {
    return `baseline ${rev} unavailable: ${(err as Error).message.split('\n')[0]}`;
  }
}

async function main(): Promise<void> {
  const sizes = (option('sizes') ?? '50,100,200,400').split(',').map(Number);
  const rev = flag('no-baseline') ? undefined : (option('baseline') ?? DEFAULT_BASELINE);
  const baselineMax = Number(option('baseline-max') ?? Infinity);
  console.log(`# npx tsx bench/gp-suggest-cost.ts ${process.argv.slice(2).join(' ')}`.trimEnd());
  const current: MakeSampler = (options) => new GpSampler(space, options);
  const baseline = rev === undefined ? 'no baseline' : await loadBaseline(rev);
  console.log(typeof baseline === 'string' ? `# ${baseline}` : `# baseline: lib/ at ${rev}, same histories and seeds`);
  // Warm-up (JIT) on a small history, not timed.
  timeSuggestion(current, { maxModelTrials: 30 }, history(30));
  if (typeof baseline !== 'string') timeSuggestion(baseline, { maxModelTrials: 30 }, history(30));

  console.log('trials  current ms  baseline ms  speed-up  same point (max |diff|)');
  for (const size of sizes) {
    const trials = history(size);
    const now = timeSuggestion(current, { maxModelTrials: size }, trials);
    const base =
      typeof baseline !== 'string' && size <= baselineMax
        ? timeSuggestion(baseline, { maxModelTrials: size }, trials)
        : undefined;
    const diff = base ? Math.max(...now.point.map((v, d) => Math.abs(v - base.point[d]))) : NaN;
    const cells = base
      ? [
          base.ms.toFixed(0),
          `${(base.ms / now.ms).toFixed(1)}x`,
          `${diff <= 1e-9 ? 'yes' : 'NO'} (${diff.toExponential(1)})`,
        ]
      : ['-', '-', '-'];
    console.log(
      [
        String(size).padStart(6),
        now.ms.toFixed(0).padStart(10),
        cells[0].padStart(11),
        cells[1].padStart(8),
        ` ${cells[2]}`,
      ].join('  '),
    );
  }
  const largest = Math.max(...sizes);
  const capped = timeSuggestion(current, {}, history(largest));
  console.log(
    `default options (cap ${DEFAULT_MAX_MODEL_TRIALS} trials) at ${largest} trials: ${capped.ms.toFixed(0)} ms`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
