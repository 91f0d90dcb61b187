/**
 * Agreement of lib/metrics with scikit-learn on seeded random inputs.
 *
 *   npx tsx bench/metrics-vs-sklearn.ts [--seed 7] [--binary 50,200,1000] [--multi 60,300,1000]
 *   npx tsx bench/metrics-vs-sklearn.ts --write-fixture   # regenerates tests/fixtures/sklearn-reference.json
 *
 * Steps: generate cases (binary and 4-class, with score ties, exact 0/1
 * probabilities and a never-predicted class) -> write them to
 * out/metrics-vs-sklearn/inputs.json -> create the venv out/.venv-sklearn with
 * the pinned scikit-learn (skipped when already present) -> run
 * bench/sklearn_reference.py -> compare every metric and print the max absolute
 * difference per metric with PASS/FAIL at 1e-6. Exit status 1 on any FAIL.
 *
 * --write-fixture uses the smaller fixture sizes (binary 40,150; multi 60,200)
 * and stores inputs + sklearn outputs so the unit test checks agreement
 * without Python.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compareAll,
  computeOurs,
  parseReferenceJson,
  referenceCases,
  stringifyReferenceJson,
  type MetricCase,
  type MetricValues,
} from './metrics-reference-cases';

/** scikit-learn version the reference values come from (pinned for reproducibility). */
import { ensureSklearn, SKLEARN_VERSION } from './sklearn-venv';

export { SKLEARN_VERSION };
export const TOLERANCE = 1e-6;
export const FIXTURE_PATH = join('tests', 'fixtures', 'sklearn-reference.json');
export const FIXTURE_SIZES = { binary: [40, 150], multi: [60, 200] };
export const FIXTURE_SEED = 7;

const OUT = join('out', 'metrics-vs-sklearn');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function sizes(name: string, fallback: number[]): number[] {
  const v = arg(name);
  return v ? v.split(',').map(Number) : fallback;
}

interface PythonOutput {
  versions: Record<string, string>;
  reference: MetricValues[];
}

function runReference(cases: MetricCase[]): PythonOutput {
  mkdirSync(OUT, { recursive: true });
  const input = join(OUT, 'inputs.json');
  const output = join(OUT, 'reference.json');
  writeFileSync(input, JSON.stringify({ cases }));
  execFileSync(ensureSklearn(), [join('bench', 'sklearn_reference.py'), input, output], { stdio: 'inherit' });
  return parseReferenceJson<PythonOutput>(readFileSync(output, 'utf8'));
}

function main(): void {
  const writeFixture = process.argv.includes('--write-fixture');
  const seed = Number(arg('seed') ?? FIXTURE_SEED);
  const caseSizes = writeFixture
    ? FIXTURE_SIZES
    : { binary: sizes('binary', [50, 200, 1000]), multi: sizes('multi', [60, 300, 1000]) };
  const cases = referenceCases(seed, caseSizes);
  const py = runReference(cases);
  const diffs = compareAll(cases.map(computeOurs), py.reference);
  console.log(`versions: ${JSON.stringify(py.versions)}; seed ${seed}; cases: ${cases.map((c) => c.name).join(', ')}`);
  let failed = 0;
  for (const d of diffs) {
    const ok = !d.problem && d.maxAbsDiff <= TOLERANCE;
    if (!ok) failed++;
    console.log(
      `${ok ? 'PASS' : 'FAIL'}  ${d.metric.padEnd(28)} max |diff| = ${d.maxAbsDiff.toExponential(2)}${d.problem ? `  (${d.problem})` : ''}`,
    );
  }
  console.log(`${diffs.length - failed}/${diffs.length} metrics agree with scikit-learn within ${TOLERANCE}`);
  if (writeFixture) {
    writeFileSync(
      FIXTURE_PATH,
      stringifyReferenceJson({ seed, sizes: caseSizes, versions: py.versions, cases, reference: py.reference }) + '\n',
    );
    console.log(`wrote ${FIXTURE_PATH}`);
  }
  if (failed > 0) process.exitCode = 1;
}

if (require.main === module) main();
