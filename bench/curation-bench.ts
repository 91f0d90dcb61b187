/**
 * Curation throughput and near-duplicate quality on a generated corpus.
 *
 *   npx tsx bench/curation-bench.ts [--docs 100000] [--pairs 2000] [--exact 1000] [--threshold 0.8] [--hashes 128] [--seed 1]
 *
 * Generates a seeded corpus (Zipf-distributed 20k-word vocabulary, 15-60 words
 * per document, HTML and odd spacing sprinkled in), plants `exact` exact
 * duplicates (case / punctuation variants) and `pairs` near-duplicates (a copy
 * with 1-2 word edits), then times cleanExamples, dedupExact and dedupNear on
 * it and prints docs/s per stage and for the three together, plus near-dup
 * recall and precision on the planted pairs. Recall counts planted copies
 * whose exact 2-shingle Jaccard with their source is >= threshold (the
 * pairs the deduper is asked to find) and that were dropped as a duplicate of
 * their source; precision counts dropped rows whose exact Jaccard with the
 * matched row is >= threshold. Figures only: nothing here is asserted.
 */
import type { Example } from '../lib/core/example';
import { createRng, type Rng } from '../lib/core/rng';
import { cleanExamples } from '../lib/data/clean/clean-text';
import { dedupExact } from '../lib/data/dedup/dedup-exact';
import { dedupNear } from '../lib/data/dedup/dedup-near';
import { NearDedupOptionsSchema } from '../lib/data/curation-options';
import { exactJaccard, shingleHashes } from '../lib/data/dedup/minhash';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const N = arg('docs', 100_000);
const PAIRS = arg('pairs', 2000);
const EXACT = arg('exact', 1000);
const THRESHOLD = arg('threshold', 0.8);
const HASHES = arg('hashes', 128);
const SEED = arg('seed', 1);

function zipfSampler(size: number, rng: Rng): () => string {
  const cdf: number[] = [];
  let total = 0;
  for (let i = 1; i <= size; i++) cdf.push((total += 1 / i));
  return () => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return `w${lo.toString(36)}`;
  };
}

function generate(): { rows: Example[]; planted: Map<string, string> } {
  const rng = createRng(SEED);
  const word = zipfSampler(20_000, rng.fork('zipf'));
  const base = N - PAIRS - EXACT;
  const rows: Example[] = [];
  for (let i = 0; i < base; i++) {
    const words = Array.from({ length: 15 + rng.int(46) }, word);
    if (i % 50 === 0) words[0] = `<b>${words[0]}</b>`;
    rows.push({ id: `d${i}`, text: words.join(i % 7 === 0 ? '  ' : ' '), label: rng.next() < 0.3 ? 'neg' : 'pos' });
  }
  for (let k = 0; k < EXACT; k++) {
    const src = rows[rng.int(base)];
    rows.push({ ...src, id: `x${k}`, text: `${src.text.toUpperCase()}!` });
  }
  const planted = new Map<string, string>();
  for (let k = 0; k < PAIRS; k++) {
    const src = rows[rng.int(base)];
    const words = src.text.split(/\s+/);
    for (let e = 0; e < 1 + rng.int(2); e++) words[rng.int(words.length)] = word();
    rows.push({ ...src, id: `n${k}`, text: words.join(' ') });
    planted.set(`n${k}`, src.id);
  }
  return { rows, planted };
}

function timed<T>(fn: () => T): { value: T; seconds: number } {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function main(): void {
  const { rows, planted } = generate();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const opts = NearDedupOptionsSchema.parse({ enabled: true, threshold: THRESHOLD, numHashes: HASHES });
  const clean = timed(() => cleanExamples(rows, { lowercase: true, stripHtml: true }));
  const exact = timed(() => dedupExact(clean.value.rows));
  const near = timed(() => dedupNear(exact.value.rows, opts, SEED));
  const total = clean.seconds + exact.seconds + near.seconds;
  const j = (a: string, b: string) =>
    exactJaccard(
      shingleHashes(byId.get(a)!.text, opts.shingleSize),
      shingleHashes(byId.get(b)!.text, opts.shingleSize),
    );
  const surviving = new Set(exact.value.rows.map((r) => r.id));
  const targets = [...planted].filter(
    ([copy, src]) => surviving.has(copy) && surviving.has(src) && j(copy, src) >= THRESHOLD,
  );
  const dropped = new Map(near.value.duplicates.map((d) => [d.id, d.duplicateOf]));
  const found = targets.filter(([copy, src]) => dropped.get(copy) === src).length;
  const correct = near.value.duplicates.filter((d) => j(d.id, d.duplicateOf) >= THRESHOLD).length;
  const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} docs/s`;
  console.log(
    `corpus: ${rows.length} docs (${EXACT} exact-duplicate variants, ${PAIRS} planted near-duplicates), seed ${SEED}`,
  );
  console.log(`clean       ${clean.seconds.toFixed(2)} s  ${rate(rows.length, clean.seconds)}`);
  console.log(
    `exact dedup ${exact.seconds.toFixed(2)} s  ${rate(clean.value.rows.length, exact.seconds)}  (dropped ${exact.value.duplicates.length})`,
  );
  console.log(
    `near dedup  ${near.seconds.toFixed(2)} s  ${rate(exact.value.rows.length, near.seconds)}  (dropped ${near.value.duplicates.length}; ${HASHES} hashes, threshold ${THRESHOLD})`,
  );
  console.log(
    `all three   ${total.toFixed(2)} s  ${rate(rows.length, total)}  (near dedup = ${(near.seconds / clean.seconds).toFixed(1)}x the time of clean)`,
  );
  console.log(
    `near-dup recall    ${found}/${targets.length} = ${(found / targets.length).toFixed(4)} (planted pairs with exact Jaccard >= ${THRESHOLD}; ${planted.size - targets.length} planted pairs fell below it)`,
  );
  console.log(
    `near-dup precision ${correct}/${near.value.duplicates.length} = ${(correct / Math.max(1, near.value.duplicates.length)).toFixed(4)} (dropped rows whose exact Jaccard with the kept row is >= ${THRESHOLD})`,
  );
  console.log(
    `reproduce: npx tsx bench/curation-bench.ts --docs ${N} --pairs ${PAIRS} --exact ${EXACT} --threshold ${THRESHOLD} --hashes ${HASHES} --seed ${SEED}`,
  );
}

main();
