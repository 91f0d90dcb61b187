import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { putArtifact } from '../../../lib/artifacts/content-addressed';
import { ArtifactNotFoundError, DataError } from '../../../lib/core/errors';
import type { ArtifactRef } from '../../../lib/core/artifact-ref';
import { createClassifierTrainer, loadClassifier } from '../../../lib/models/classifier/classifier-trainer';
import { combineMembers, type EnsembleSpec } from '../../../lib/ensemble/ensemble-spec';
import { loadRegisteredModel } from '../../../lib/registry/load-registered-model';
import { REGISTRY_ENTRY_VERSION, writeRegistryEntry, type RegistryEntry } from '../../../lib/registry/registry-entry';
import { syntheticExamples } from '../../helpers/synthetic-fixture';

jest.setTimeout(60_000);

const labels = ['pos', 'neg'];
const store = new MemoryArtifactStore('registry-test');
const models: ArtifactRef[] = [];
const probe = ['i love this great product', 'awful broken terrible service', 'the movie was very wonderful'];

/** Trains a tiny real classifier and stores its checkpoint. */
async function trainTiny(seed: number): Promise<ArtifactRef> {
  const trainer = createClassifierTrainer({
    train: syntheticExamples(80, seed),
    val: syntheticExamples(20, seed + 1),
    labels,
    hyper: { learningRate: 0.05, batchSize: 16, embeddingDim: 8, dropout: 0 },
    maxLen: 12,
    vocabSize: 64,
    seed,
  });
  try {
    await trainer.setup();
    for (let e = 0; e < 6; e++) await trainer.runEpoch();
    return await putArtifact(store, {
      runPrefix: 'runs/r1/trials/t',
      kind: 'model',
      body: await trainer.save(),
      ext: 'ckpt',
    });
  } finally {
    trainer.close();
  }
}

function entry(runId: string, ensemble: EnsembleSpec): RegistryEntry {
  const ref = { uri: store.uriFor('x'), sha256: 'b'.repeat(64), bytes: 1, kind: 'dataset' as const };
  return {
    schemaVersion: REGISTRY_ENTRY_VERSION,
    experiment: 'tiny-exp',
    runId,
    labels,
    chosen: ensemble.method === 'single' ? 'single' : 'ensemble',
    ensemble,
    members: ensemble.members.map((m) => ({
      trialId: m.id,
      weight: m.weight,
      model: models[Number(m.id.slice(-1))],
      params: {},
    })),
    metrics: {
      selectionMetric: 'negLogLoss',
      validation: { chosen: -0.3, bestSingle: -0.35, ensemble: -0.3 },
      test: { accuracy: 0.9 },
    },
    config: { name: 'tiny-exp' },
    lineage: { source: { kind: 'builtin' }, splits: { test: ref }, evaluation: { ...ref, kind: 'metrics' } },
    codeVersion: 'test',
  };
}

async function memberProbabilities(texts: string[]) {
  const out = [];
  for (const [i, ref] of models.entries()) {
    const m = await loadClassifier(await store.get(store.keyFor(ref.uri)));
    out.push({ id: `t${i}`, probabilities: await m.predict(texts) });
    m.close();
  }
  return out;
}

beforeAll(async () => {
  models.push(await trainTiny(11), await trainTiny(29));
});

test('an ensemble entry predicts exactly the weighted combination of its members, by experiment name (latest)', async () => {
  const spec: EnsembleSpec = {
    method: 'greedy',
    members: [
      { id: 't0', weight: 0.75 },
      { id: 't1', weight: 0.25 },
    ],
  };
  await writeRegistryEntry(store, entry('run-a', { method: 'single', members: [{ id: 't0', weight: 1 }] }));
  const written = await writeRegistryEntry(store, entry('run-b', spec));
  expect(written.entryKey).toBe('registry/tiny-exp/run-b/entry.json');
  const model = await loadRegisteredModel(store, 'tiny-exp');
  try {
    expect(model.entry.runId).toBe('run-b'); // latest.json points at the newest write
    const predictions = await model.predict(probe);
    const expected = combineMembers(spec, await memberProbabilities(probe));
    predictions.forEach((p, i) => {
      expect(p.probabilities.pos).toBeCloseTo(expected[i][0], 6);
      expect(p.probabilities.pos + p.probabilities.neg).toBeCloseTo(1, 6);
      expect(p.label).toBe(expected[i][0] >= expected[i][1] ? 'pos' : 'neg');
    });
    // The tiny model learned the synthetic cue words.
    expect(predictions.map((p) => p.label)).toEqual(['pos', 'neg', 'pos']);
  } finally {
    model.close();
  }
});

test('a single-model entry loads by entry URI and matches loadClassifier', async () => {
  const written = await writeRegistryEntry(
    store,
    entry('run-c', { method: 'single', members: [{ id: 't1', weight: 1 }] }),
  );
  const model = await loadRegisteredModel(store, written.entry.uri);
  try {
    const [direct] = await memberProbabilities(probe).then((all) => all.filter((m) => m.id === 't1'));
    const predictions = await model.predict(probe);
    predictions.forEach((p, i) => expect(p.probabilities.neg).toBeCloseTo(direct.probabilities[i][1], 6));
    expect(await model.predict([])).toEqual([]);
  } finally {
    model.close();
  }
});

test('unknown experiments, corrupt entries and tampered checkpoints fail with clear errors', async () => {
  await expect(loadRegisteredModel(store, 'no-such-exp')).rejects.toThrow(ArtifactNotFoundError);
  await expect(loadRegisteredModel(store, 'no-such-exp')).rejects.toThrow(
    /latest registry pointer of experiment "no-such-exp" not found/,
  );
  await store.put('registry/tiny-exp/bad/entry.json', new TextEncoder().encode('{"schemaVersion": 1}'));
  await expect(loadRegisteredModel(store, 'registry/tiny-exp/bad/entry.json')).rejects.toThrow(DataError);
  const tampered = entry('run-d', { method: 'single', members: [{ id: 't0', weight: 1 }] });
  tampered.members[0].model = { ...models[0], sha256: 'c'.repeat(64) };
  const written = await writeRegistryEntry(store, tampered);
  await expect(loadRegisteredModel(store, written.entryKey)).rejects.toThrow(/sha256/);
});

test('vote probabilities pick the weighted majority and break ties by mean probability', () => {
  const a = [
    [0.9, 0.1],
    [0.6, 0.4],
  ];
  const b = [
    [0.4, 0.6],
    [0.45, 0.55],
  ];
  const c = [
    [0.7, 0.3],
    [0.2, 0.8],
  ];
  const p = combineMembers(
    {
      method: 'vote',
      members: [
        { id: 'a', weight: 1 / 3 },
        { id: 'b', weight: 1 / 3 },
        { id: 'c', weight: 1 / 3 },
      ],
    },
    [
      { id: 'a', probabilities: a },
      { id: 'b', probabilities: b },
      { id: 'c', probabilities: c },
    ],
  );
  expect(p[0][0]).toBeGreaterThan(p[0][1]); // 2 of 3 vote class 0
  expect(p[1][1]).toBeGreaterThan(p[1][0]); // 2 of 3 vote class 1
  const tie = combineMembers(
    {
      method: 'vote',
      members: [
        { id: 'a', weight: 0.5 },
        { id: 'b', weight: 0.5 },
      ],
    },
    [
      { id: 'a', probabilities: [[0.55, 0.45]] },
      { id: 'b', probabilities: [[0.1, 0.9]] },
    ],
  );
  expect(tie[0][1]).toBeGreaterThan(tie[0][0]); // 1:1 vote, mean probability favours class 1
  expect(tie[0][0] + tie[0][1]).toBeCloseTo(1, 12);
});
