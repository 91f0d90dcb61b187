/**
 * Writes tests/fixtures/hf-minilm-reference.json: Hugging Face transformers'
 * (fp32, CPU) token ids and hidden states of all-MiniLM-L6-v2 on 16 texts
 * chosen to break tokenizers (accents, emoji, CJK, unknown words, controls,
 * an over-long text that is truncated, a one-word text, mixed case).
 *
 *   bash scripts/install-base-models.sh && npx tsx bench/hf-minilm-fixture.ts
 *
 * Needs torch + transformers in out/.venv-torch (bench/torch-runner.ts creates
 * the venv with torch; `out/.venv-torch/bin/pip install transformers` adds the
 * rest). CI never runs this: the test reads the committed fixture.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const MINILM_FIXTURE = join('tests', 'fixtures', 'hf-minilm-reference.json');
/** Encoder tensors whose gradients the fixture records (first rows and norm), from the embeddings to the last layer. */
export const MINILM_GRADIENT_TENSORS = [
  'embeddings.word_embeddings.weight',
  'embeddings.LayerNorm.weight',
  'encoder.layer.0.attention.self.query.weight',
  'encoder.layer.3.intermediate.dense.bias',
  'encoder.layer.5.output.dense.weight',
];
export const MINILM_TEXTS = [
  'The movie was great!',
  'Crème brûlée at the café, naïve façade.',
  'I ❤️ this 😀 so much',
  'unbelievablyxqzt supercalifragilistic words',
  'Hello',
  'MiXeD CaSe TeXt With CAPS',
  '日本語のテキストと中文混合 text',
  'tabs\tand\nnewlines   and  spaces',
  'punctuation!!! ... ??? (brackets) [square] {curly}',
  'numbers 123 4.56 7,890 and dates 2026-12-07',
  "don't won't can't it's",
  'e-mail: someone@example.com, url https://example.org/path?q=1',
  'A very long text that keeps going and going well past the maximum length so that truncation has to cut it somewhere in the middle of this sentence which has many words',
  'Ελληνικά και русский текст',
  'control\u0007char and zero\u200bwidth',
  'worst. film. ever.',
];

function main(): void {
  const folder = join(
    process.env.FF_CACHE_DIR ?? join(homedir(), '.cache', 'finetune-flow'),
    'base-models',
    'all-minilm-l6-v2',
  );
  const input = {
    texts: MINILM_TEXTS,
    maxLen: 32,
    positions: 3,
    gradients: {
      classes: 2,
      labels: MINILM_TEXTS.map((_, i) => i % 2),
      rows: 2,
      tensors: MINILM_GRADIENT_TENSORS,
    },
  };
  const out = execFileSync(
    join('out', '.venv-torch', 'bin', 'python'),
    [join('bench', 'hf_minilm_reference.py'), folder, JSON.stringify(input)],
    { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] },
  ).toString();
  const reference = JSON.parse(out) as Record<string, unknown>;
  // 7 significant digits are plenty for a 1e-4 tolerance and keep the file small.
  const rounded = JSON.stringify({ input, reference }, (_, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(7)) : v,
  );
  writeFileSync(MINILM_FIXTURE, rounded + '\n');
  console.log(
    `wrote ${MINILM_FIXTURE} (transformers ${String(reference.transformers)}, torch ${String(reference.torch)})`,
  );
}

if (require.main === module) main();
