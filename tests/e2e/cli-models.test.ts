import { envVars, testStore, testWorkerEnv } from '../helpers/real-stack';
import { runCli } from '../helpers/run-cli';
import { MINILM_FOLDER } from '../helpers/base-models';

/**
 * `cli models import | list | show` on the real S3 server: all-MiniLM-L6-v2's
 * folder (87 MiB of weights, so a multipart upload) is registered, a second
 * import uploads nothing, and an unknown name suggests the registered one.
 */
jest.setTimeout(240_000);
const folder = MINILM_FOLDER;
const env = testWorkerEnv('models');
const cliEnv = { ...process.env, ...envVars(env) };
const name = `minilm-e2e-${process.pid}-${Date.now().toString(36)}`;

const cli = (...args: string[]) => runCli(cliEnv, ...args);

afterAll(async () => {
  const store = testStore(env);
  await store.delete(`base-models/${name}/manifest.json`).catch(() => undefined);
});

test('import registers the folder once, list and show read it back, an unknown name suggests it', async () => {
  const first = await cli('models', 'import', folder, '--name', name);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(
    new RegExp(`^(Registered|Already registered \\(same files\\)) base model ${name} from `),
  );
  expect(first.stdout).toContain(`${name}: bert, 6 layers, hidden 384, 12 heads, vocab 30522, max length 512`);
  expect(first.stdout).toContain('22.7M parameters, tokenizer WordPiece, pooling mean');
  expect(first.stdout).toMatch(/model\.safetensors +86\.7 MiB +sha256 [0-9a-f]{64}/);

  const again = await cli('models', 'import', folder, '--name', name);
  expect(again.stdout).toContain(`Already registered (same files) base model ${name} from ${folder}: 0 of`);

  const list = await cli('models', 'list');
  expect(list.stdout).toContain(`${name}: bert, 6 layers, hidden 384`);
  const show = await cli('models', 'show', name, '--json');
  const manifest = JSON.parse(show.stdout) as { files: { path: string; sha256: string }[] };
  expect(manifest.files.find((f) => f.path === 'model.safetensors')?.sha256).toMatch(/^[0-9a-f]{64}$/);

  const typo = await cli('models', 'show', `${name}x`);
  expect(typo.code).not.toBe(0);
  expect(typo.stderr).toContain(`base model "${name}x" is not registered; did you mean ${name}`);
});
