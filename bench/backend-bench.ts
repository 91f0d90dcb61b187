/**
 * Speed of each tfjs backend this machine has, against the pure-JS cpu backend
 * and PyTorch CPU on identical shapes, in one run.
 *
 *   npx tsx bench/backend-bench.ts [--backends tensorflow,wasm,cpu] [--reps 5] [--no-torch] [--bert-backends tensorflow,wasm]
 *
 * For each backend (selected through the project's own `selectBackend`, so
 * the figures are what a training worker gets):
 *  1. matMul GFLOP/s at 256, 512 and 1024 (2·n³ flops; median of --reps after a warm-up);
 *  2. one training step (forward + backward + FusedAdam) of each text-classifier
 *     family at the demo's shapes (batch 32, maxLen 40, vocab 6000, embedding 32,
 *     default encoder sizes), ms per step;
 *  3. a BERT-size step: 6 post-norm transformer blocks (hidden 384, 12 heads,
 *     FF 1536), sequence 128, batch 16, vocab 30522, built from the same
 *     transformerBlock the transformer family uses; ms per step and tokens/s.
 *     The cpu backend is skipped here (minutes per step); --bert-backends picks.
 *
 * PyTorch CPU runs the same matMuls and the same BERT-size model
 * (bench/torch_backend_bench.py, torch from PyPI in out/.venv-torch, created
 * on first use; --no-torch or a failed install prints a skip line) at one
 * thread and at the machine's logical CPUs (libtensorflow's intra-op default),
 * and each ratio is against torch's best of the two: on a loaded machine
 * torch's pool can lose to one thread by 10x. Every row names its threads.
 * Goals (issue 14): native >= 100 GFLOP/s at 1024; native BERT-size step >=
 * 0.8x PyTorch's throughput; wasm >= 25 GFLOP/s.
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendPreference } from '../lib/models/runtime/backend';
import { FusedAdamOptimizer } from '../lib/models/runtime/fused-adam';
import { buildTextClassifier, TextClassifierOptionsSchema } from '../lib/models/classifier/text-classifier';
import { EncoderSchema, layerSeed, transformerBlock } from '../lib/models/layers/text-encoders';
import { MaskedMeanPooling, PositionEmbedding } from '../lib/models/layers/attention-layers';
import { runTorchBench, type TorchFigures } from './torch-runner';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const REPS = Number(arg('reps', '5'));
const BACKENDS = arg('backends', 'tensorflow,wasm,cpu').split(',') as BackendPreference[];
const BERT_BACKENDS = new Set(arg('bert-backends', 'tensorflow,wasm').split(','));
const MATMUL_SIZES = [256, 512, 1024];
export const BERT = { layers: 6, hidden: 384, heads: 12, ff: 1536, seq: 128, batch: 16, vocab: 30522, classes: 2 };
const DEMO = { batch: 32, maxLen: 40, vocab: 6000, embeddingDim: 32 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median seconds of `fn` over REPS runs after one warm-up; `fn` must block until its result is computed. */
async function timeIt(fn: () => Promise<void> | void, reps = REPS): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

async function matMulGflops(n: number): Promise<number> {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  const s = await timeIt(async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  });
  tf.dispose([a, b]);
  return (2 * n ** 3) / s / 1e9;
}

/** Seconds per training step (trainOnBatch) of `model` on random token ids. */
async function stepSeconds(
  model: tf.LayersModel,
  batch: number,
  seq: number,
  vocab: number,
  classes: number,
  reps = REPS,
): Promise<number> {
  model.compile({ optimizer: new FusedAdamOptimizer(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.randomUniform([batch, seq], 1, vocab, 'int32');
  const y = tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32'), classes);
  const s = await timeIt(async () => {
    await model.trainOnBatch(x, y);
  }, reps);
  tf.dispose([x, y]);
  model.optimizer.dispose();
  model.dispose();
  return s;
}

/** The BERT-size encoder classifier: token + position embeddings, 6 blocks, masked mean pooling, softmax. */
function bertSizeModel(): tf.LayersModel {
  const ids = tf.input({ shape: [BERT.seq], dtype: 'int32', name: 'token_ids' });
  const seed = 1;
  let h = tf.layers
    .embedding({
      inputDim: BERT.vocab,
      outputDim: BERT.hidden,
      name: 'embedding',
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: layerSeed(seed, 'embedding'),
      }),
    })
    .apply(ids) as tf.SymbolicTensor;
  h = new PositionEmbedding({ seed: layerSeed(seed, 'positions'), name: 'positions' }).apply(h) as tf.SymbolicTensor;
  for (let i = 0; i < BERT.layers; i++)
    h = transformerBlock(h, ids, { transformerHeads: BERT.heads, transformerFfDim: BERT.ff }, seed, i);
  const pooled = new MaskedMeanPooling({ name: 'pool' }).apply([h, ids]) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: BERT.classes, activation: 'softmax', name: 'classes' })
    .apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: ids, outputs: out });
}

interface BackendFigures {
  backend: string;
  threads: string;
  gflops: Record<number, number>;
  familyMs: Record<string, number>;
  bertMs?: number;
}

async function threadsOf(name: string): Promise<string> {
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    return `${wasm.getThreadsCount()} (tfjs-backend-wasm)`;
  }
  if (name === 'tensorflow') return `${os.cpus().length} (libtensorflow intra-op default: logical CPUs)`;
  return '1 (JavaScript)';
}

async function benchBackend(pref: BackendPreference): Promise<BackendFigures | string> {
  let selected;
  try {
    selected = await selectBackend(pref);
  } catch (err) {
    return `${pref}: skipped, ${(err as Error).message.split(';')[0]}`;
  }
  const figures: BackendFigures = {
    backend: selected.name,
    threads: await threadsOf(selected.name),
    gflops: {},
    familyMs: {},
  };
  for (const n of MATMUL_SIZES) figures.gflops[n] = await matMulGflops(n);
  for (const encoder of EncoderSchema.options) {
    const options = TextClassifierOptionsSchema.parse({
      encoder,
      embeddingDim: DEMO.embeddingDim,
      maxLen: DEMO.maxLen,
      vocabSize: DEMO.vocab,
      dropout: 0.2,
    });
    const { model } = buildTextClassifier(options, 2, 1);
    figures.familyMs[encoder] = 1000 * (await stepSeconds(model, DEMO.batch, DEMO.maxLen, DEMO.vocab, 2));
  }
  if (BERT_BACKENDS.has(selected.name)) {
    // Slow backends get fewer repetitions: one step on wasm takes tens of seconds.
    const reps = selected.name === 'tensorflow' ? REPS : 1;
    figures.bertMs = 1000 * (await stepSeconds(bertSizeModel(), BERT.batch, BERT.seq, BERT.vocab, BERT.classes, reps));
  }
  return figures;
}

const fmt = (v: number | undefined, digits = 1): string =>
  v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits);
const ratio = (a: number | undefined, b: number | undefined): string => (a && b ? `${(a / b).toFixed(2)}x` : '-');

function printTable(all: BackendFigures[], torch: TorchFigures | undefined): void {
  const cpu = all.find((f) => f.backend === 'cpu');
  console.log('\nmatMul GFLOP/s (higher is better; ratios: vs cpu backend, vs PyTorch CPU)');
  for (const n of MATMUL_SIZES) {
    const cells = all.map(
      (f) =>
        `${f.backend} ${fmt(f.gflops[n])} (${ratio(f.gflops[n], cpu?.gflops[n])} cpu, ${ratio(f.gflops[n], torch?.gflops[n])} torch)`,
    );
    console.log(`  ${String(n).padStart(4)}²: ${cells.join(' | ')}${torch ? ` | torch ${fmt(torch.gflops[n])}` : ''}`);
  }
  console.log(
    `\ntraining step, ms (demo shapes: batch ${DEMO.batch}, maxLen ${DEMO.maxLen}, vocab ${DEMO.vocab}, embedding ${DEMO.embeddingDim}; lower is better; ratio = cpu ms / this ms)`,
  );
  for (const encoder of EncoderSchema.options) {
    const cells = all.map(
      (f) => `${f.backend} ${fmt(f.familyMs[encoder])} (${ratio(cpu?.familyMs[encoder], f.familyMs[encoder])})`,
    );
    console.log(`  ${encoder.padEnd(11)} ${cells.join(' | ')}`);
  }
  const tokens = BERT.batch * BERT.seq;
  console.log(
    `\nBERT-size step (${BERT.layers} layers, hidden ${BERT.hidden}, ${BERT.heads} heads, FF ${BERT.ff}, seq ${BERT.seq}, batch ${BERT.batch}, vocab ${BERT.vocab}), forward+backward+Adam`,
  );
  for (const f of all) {
    if (f.bertMs === undefined) {
      console.log(`  ${f.backend.padEnd(10)} skipped (--bert-backends)`);
      continue;
    }
    const vsTorch = torch?.bertMs ? `; throughput ${(torch.bertMs / f.bertMs).toFixed(2)}x PyTorch CPU` : '';
    console.log(
      `  ${f.backend.padEnd(10)} ${fmt(f.bertMs, 0)} ms/step, ${fmt(tokens / (f.bertMs / 1000), 0)} tokens/s${vsTorch}`,
    );
  }
  if (torch)
    console.log(
      `  ${'torch'.padEnd(10)} ${fmt(torch.bertMs, 0)} ms/step, ${fmt(tokens / (torch.bertMs / 1000), 0)} tokens/s`,
    );
  console.log('\nthreads');
  for (const f of all) console.log(`  ${f.backend.padEnd(10)} ${f.threads}`);
  if (torch) {
    console.log(`  ${'torch'.padEnd(10)} ${torch.threads} (torch ${torch.version}, torch.set_num_threads)`);
    for (const r of torch.runs)
      console.log(
        `    ${r.threads} thread${r.threads === 1 ? '' : 's'}: matMul ${MATMUL_SIZES.map((n) => fmt(r.gflops[n])).join(' / ')} GFLOP/s, BERT step ${fmt(r.bertMs, 0)} ms`,
      );
  }
  const native = all.find((f) => f.backend === 'tensorflow');
  const wasm = all.find((f) => f.backend === 'wasm');
  console.log('\ngoals');
  console.log(
    `  native matMul 1024 >= 100 GFLOP/s: ${native ? `${fmt(native.gflops[1024])} ${native.gflops[1024] >= 100 ? 'MET' : 'NOT MET'}` : 'no native backend'}`,
  );
  const bertRatio = native?.bertMs && torch?.bertMs ? torch.bertMs / native.bertMs : undefined;
  console.log(
    `  native BERT-size throughput >= 0.8x PyTorch CPU: ${bertRatio === undefined ? 'not measured' : `${bertRatio.toFixed(2)}x ${bertRatio >= 0.8 ? 'MET' : 'NOT MET'}`}`,
  );
  console.log(
    `  wasm matMul >= 25 GFLOP/s (best size): ${wasm ? `${fmt(Math.max(...MATMUL_SIZES.map((n) => wasm.gflops[n])))} ${Math.max(...MATMUL_SIZES.map((n) => wasm.gflops[n])) >= 25 ? 'MET' : 'NOT MET'}` : 'no wasm backend'}`,
  );
}

async function main(): Promise<void> {
  console.log(`$ npx tsx bench/backend-bench.ts ${process.argv.slice(2).join(' ')}`);
  console.log(
    `${os.cpus().length} logical CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, node ${process.version}`,
  );
  const all: BackendFigures[] = [];
  for (const pref of BACKENDS) {
    const t0 = performance.now();
    const got = await benchBackend(pref);
    if (typeof got === 'string') console.log(got);
    else {
      all.push(got);
      console.log(`${got.backend}: measured in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
  const torch = process.argv.includes('--no-torch')
    ? undefined
    : runTorchBench({ sizes: MATMUL_SIZES, reps: REPS, bert: BERT, threads: [...new Set([1, os.cpus().length])] });
  printTable(all, torch);
  console.log(
    `\nload average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
