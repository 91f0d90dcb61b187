import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readModelFolder } from '../../../../cli/models';
import {
  importBaseModel,
  listBaseModels,
  readBaseModelFile,
  readBaseModelManifest,
} from '../../../../lib/models/pretrained/base-model-registry';
import { S3LikeMemoryStore } from '../../../helpers/s3-like-store';
import { MINILM_FOLDER } from '../../../helpers/base-models';

/** all-MiniLM-L6-v2 as scripts/install-base-models.sh unpacks it (npm test runs that script first). */
const folder = MINILM_FOLDER;

describe('base-model registry', () => {
  let files: Map<string, Uint8Array>;
  beforeAll(async () => {
    if (!existsSync(join(folder, '.complete')))
      throw new Error(`base model missing at ${folder}: run bash scripts/install-base-models.sh (npm test does)`);
    files = await readModelFolder(folder);
  });

  it('registers MiniLM with a manifest of its architecture, size, tokenizer, pooling and file hashes; a second import uploads nothing', async () => {
    const store = new S3LikeMemoryStore();
    const first = await importBaseModel(store, 'all-minilm-l6-v2', files, folder);
    expect(first.manifest).toMatchObject({
      architecture: 'bert',
      layers: 6,
      hidden: 384,
      heads: 12,
      vocabSize: 30522,
      maxPositions: 512,
      tokenizer: 'WordPiece',
      pooling: 'mean',
    });
    expect(first.manifest.parameters).toBeGreaterThan(22_000_000);
    expect(first.manifest.parameters).toBeLessThan(23_000_000);
    expect(first.manifest.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['config.json', 'model.safetensors']),
    );
    expect(first.uploaded).toBe(first.manifest.files.length);
    const again = await importBaseModel(store, 'all-minilm-l6-v2', files, folder);
    expect([again.uploaded, again.written]).toEqual([0, false]);
    // Same files under a second name: the blobs are shared, only the manifest is new.
    expect((await importBaseModel(store, 'minilm', files, folder)).uploaded).toBe(0);
    expect(await listBaseModels(store)).toEqual(['all-minilm-l6-v2', 'minilm']);
    const manifest = await readBaseModelManifest(store, 'all-minilm-l6-v2');
    expect(await readBaseModelFile(store, manifest, 'config.json')).toEqual(files.get('config.json'));
  });

  it('refuses other files under a taken name, and unknown names with close matches', async () => {
    const store = new S3LikeMemoryStore();
    await importBaseModel(store, 'all-minilm-l6-v2', files, folder);
    const changed = new Map(files).set('vocab.txt', new TextEncoder().encode('[PAD]\n'));
    await expect(importBaseModel(store, 'all-minilm-l6-v2', changed, folder)).rejects.toThrow(
      /^base model all-minilm-l6-v2 is already registered with other files \(.*base-models\/all-minilm-l6-v2\/manifest\.json\); import these under another name$/,
    );
    await expect(readBaseModelManifest(store, 'all-minilm-l6-v3')).rejects.toThrow(
      'base model "all-minilm-l6-v3" is not registered; did you mean all-minilm-l6-v2? Registered: all-minilm-l6-v2. Add one with: cli models import <folder> --name <name>',
    );
  });

  it.each([
    ['a missing tokenizer', (f: Map<string, Uint8Array>) => f.delete('tokenizer.json'), 'tokenizer.json is missing'],
    [
      'another architecture',
      (f: Map<string, Uint8Array>) => f.set('config.json', new TextEncoder().encode('{"model_type": "gpt2"}')),
      'model_type "gpt2" is not supported; supported: bert',
    ],
    [
      'a config that disagrees with the weights',
      (f: Map<string, Uint8Array>) => {
        const config = JSON.parse(new TextDecoder().decode(f.get('config.json')));
        f.set('config.json', new TextEncoder().encode(JSON.stringify({ ...config, intermediate_size: 1024 })));
      },
      'tensor encoder.layer.0.intermediate.dense.weight has shape [1536,384] but config.json implies [1024,384]',
    ],
    [
      'a truncated weights file',
      (f: Map<string, Uint8Array>) => f.set('model.safetensors', f.get('model.safetensors')!.subarray(0, 1000)),
      'the file is truncated or not safetensors',
    ],
  ])('refuses %s before uploading anything', async (_, damage, message) => {
    const store = new S3LikeMemoryStore();
    const damaged = new Map(files);
    damage(damaged);
    await expect(importBaseModel(store, 'broken', damaged, folder)).rejects.toThrow(message);
    expect(await store.list('')).toEqual([]);
  });
});
