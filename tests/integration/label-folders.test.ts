import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCurationActivities } from '../../activities/curation-activities';
import { parseExperimentConfig } from '../../configs/validate-config';
import { readArtifact } from '../../lib/artifacts/content-addressed';
import { examplesFromJsonl } from '../../lib/core/example';
import { testStore, testWorkerEnv } from '../helpers/real-stack';

jest.setTimeout(120_000);

/** The "plain text per label folder" input, from the real S3 server and from a local folder. */
const env = testWorkerEnv('folders');
const store = testStore(env);
const base = `it-folders-${process.pid}-${Date.now().toString(36)}`;
const WORDS = { pos: ['great', 'lovely', 'superb', 'happy'], neg: ['awful', 'broken', 'poor', 'sad'] } as const;
const files = Object.entries(WORDS).flatMap(([label, words]) =>
  Array.from({ length: 30 }, (_, i) => ({
    path: `${label}/doc-${String(i).padStart(3, '0')}.txt`,
    text: `${words[i % 4]} product number ${i} ${label === 'pos' ? 'works' : 'fails'}`,
  })),
);

function config(uri: string) {
  return parseExperimentConfig({
    name: 'folders-it',
    dataset: { source: { kind: 'uri', uri, format: 'label-folders' } },
    search: { maxTrials: 1, parallelism: 1, space: { learningRate: { type: 'float', low: 0.001, high: 0.01 } } },
  });
}

async function curatedRows(allowFileSources: boolean, uri: string) {
  const activities = createCurationActivities({ store, allowFileSources });
  const out = await activities.curateDataset({ runPrefix: `runs/${base}`, config: config(uri) });
  const rows = [
    ...examplesFromJsonl(await readArtifact(store, out.train)),
    ...examplesFromJsonl(await readArtifact(store, out.val)),
    ...examplesFromJsonl(await readArtifact(store, out.test)),
  ];
  return { out, rows };
}

test('an s3:// folder of <label>/<name>.txt files is read, one example per file', async () => {
  for (const f of files) await store.put(`${base}/data/${f.path}`, new TextEncoder().encode(f.text));
  const { out, rows } = await curatedRows(false, `${store.uriFor(`${base}/data`)}/`);
  expect(out.labels).toEqual(['neg', 'pos']);
  expect(rows).toHaveLength(60);
  expect(rows.filter((r) => r.label === 'pos').every((r) => r.text.endsWith('works'))).toBe(true);
});

test('a file:// folder works where file sources are allowed, and is refused where not', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ff-folders-'));
  for (const f of files) {
    mkdirSync(path.join(dir, path.dirname(f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.text);
  }
  const { rows } = await curatedRows(true, pathToFileURL(dir).href);
  expect(rows).toHaveLength(60);
  await expect(curatedRows(false, pathToFileURL(dir).href)).rejects.toThrow(
    /file:\/\/ sources are disabled on this worker/,
  );
});
