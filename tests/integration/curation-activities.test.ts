import { ApplicationFailure } from '@temporalio/common';
import { createCurationActivities } from '../../activities/curation-activities';
import { parseExperimentConfig } from '../../configs/validate-config';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import { readArtifact, readJsonArtifact } from '../../lib/artifacts/content-addressed';
import { examplesFromJsonl } from '../../lib/core/example';
import { testStore, testWorkerEnv } from '../helpers/real-stack';

/**
 * The curation activity over the real S3 server, called through its factory
 * (the same function the control worker registers): a good path with the new
 * stages on, and bad data that must fail clearly, non-retryably, and leave
 * the source object where it was.
 */
jest.setTimeout(120_000);

const env = testWorkerEnv('curation');
const store = testStore(env);
const activities = createCurationActivities({ store, allowFileSources: false });
const base = `it-curation-${process.pid}-${Date.now().toString(36)}`;
const runPrefix = `runs/${base}`;

async function upload(name: string, body: Uint8Array | string): Promise<string> {
  const key = `${base}/${name}`;
  await store.put(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  return store.uriFor(key);
}

function config(uri: string, extra: Partial<ExperimentConfigInput> = {}) {
  return parseExperimentConfig({
    name: 'curation-it',
    seed: 3,
    dataset: { source: { kind: 'uri', uri }, labels: ['neg', 'pos'] },
    search: { maxTrials: 1, parallelism: 1, space: { learningRate: { type: 'float', low: 0.001, high: 0.01 } } },
    ...extra,
  });
}

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

const POS = ['great', 'lovely', 'superb', 'fine', 'happy', 'excellent'];
const NEG = ['awful', 'broken', 'poor', 'sad', 'terrible', 'bad'];
function goodJsonl(): string {
  const rows: { text: string; label: string }[] = [];
  for (let i = 0; i < 120; i++) {
    const label = i % 3 === 0 ? 'neg' : 'pos';
    const words = label === 'pos' ? POS : NEG;
    const text = `review ${i} item ${i * 7} was ${words[i % 6]} and ${words[(i + 2) % 6]} overall number ${i}`;
    rows.push({ text: i === 5 ? `${text} contact me at jane@example.com` : text, label });
  }
  // planted near-duplicates of rows 11 and 12 (file lines; one extra word)
  rows.push({ ...rows[10], text: `${rows[10].text} indeed` }, { ...rows[11], text: `${rows[11].text} indeed` });
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

test('good path: new stages from config, artifacts and report in S3', async () => {
  const uri = await upload('good.jsonl', goodJsonl());
  const cfg = config(uri, {
    curation: {
      maskPii: true,
      nearDedup: { enabled: true, threshold: 0.7 },
      balance: { method: 'class-weights' },
      labelQuality: { enabled: true },
    },
  });
  const out = await activities.curateDataset({ runPrefix, config: cfg });
  expect(out.reports.map((r) => r.stage)).toEqual([
    'validate',
    'clean',
    'clean-extras',
    'dedup',
    'near-dedup',
    'split',
    'near-dedup-across-splits',
    'label-quality',
    'balance',
  ]);
  expect(out.reports.find((r) => r.stage === 'near-dedup')!.dropped).toEqual({ 'near-duplicate': 2 });
  expect(out.classWeights!.neg).toBeGreaterThan(out.classWeights!.pos);
  const all = (
    await Promise.all(
      [out.train, out.val, out.test].map(async (ref) => examplesFromJsonl(await readArtifact(store, ref))),
    )
  ).flat();
  expect(all.find((r) => r.id === 'r6')?.text).toMatch(/contact me at \[EMAIL\]$/);
  const report = await readJsonArtifact<{ nearDuplicates: { id: string; duplicateOf: string; similarity: number }[] }>(
    store,
    out.curationReport!,
  );
  expect(report.nearDuplicates.map((d) => [d.id, d.duplicateOf])).toEqual([
    ['r121', 'r11'],
    ['r122', 'r12'],
  ]);
  expect(report.nearDuplicates.every((d) => d.similarity >= 0.7)).toBe(true);
  const exploration = await readJsonArtifact<{ rows: number; wordCloudSvg: string; topics: { k: number } }>(
    store,
    out.exploration!,
  );
  expect(exploration.rows).toBe(out.reports.at(-1)!.kept);
  expect(exploration.wordCloudSvg).toMatch(/^<svg/);
  expect(exploration.topics.k).toBe(5);
});

test('bad data fails clearly, non-retryably, and loses nothing', async () => {
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['empty.jsonl', '', /dataset is empty/],
    [
      'latin1.jsonl',
      new Uint8Array([
        ...new TextEncoder().encode('{"text":"caf'),
        0xe9,
        ...new TextEncoder().encode('","label":"pos"}\n'),
      ]),
      /not valid UTF-8.*byte offset 12/,
    ],
    [
      'unknown-labels.jsonl',
      Array.from({ length: 20 }, (_, i) => JSON.stringify({ text: `t ${i}`, label: 'maybe' })).join('\n'),
      /too many bad rows: 20 of 20.*unknown-label 20/,
    ],
  ];
  for (const [name, body, message] of cases) {
    const uri = await upload(name, body);
    const failure = await failureOf(activities.curateDataset({ runPrefix, config: config(uri) }));
    expect(failure.type).toBe('DataError');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toMatch(message);
    expect(await store.head(store.keyFor(uri))).not.toBeNull();
  }
});

test('a 50 MB single line is quarantined as too long; a file above maxFileBytes is refused before reading', async () => {
  const huge = JSON.stringify({ text: 'x'.repeat(50 * 1024 * 1024), label: 'pos' }) + '\n';
  const uri = await upload('huge-line.jsonl', huge);
  const tooLong = await failureOf(activities.curateDataset({ runPrefix, config: config(uri) }));
  expect(tooLong.type).toBe('DataError');
  expect(tooLong.message).toMatch(/1 of 1 .*text-too-long/);
  const refused = await failureOf(
    activities.curateDataset({
      runPrefix,
      config: config(uri, { dataset: { source: { kind: 'uri', uri }, maxFileBytes: 1024 * 1024 } }),
    }),
  );
  expect(refused.type).toBe('DataError');
  expect(refused.nonRetryable).toBe(true);
  expect(refused.message).toMatch(/above dataset\.maxFileBytes=1048576.*Split it/);
  expect((await store.head(store.keyFor(uri)))?.bytes).toBe(Buffer.byteLength(huge));
});
