import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createCurationActivities } from '../../../activities/curation-activities';
import { parseExperimentConfig } from '../../../configs/validate-config';
import type { ProgressDetail } from '../../../lib/core/progress';
import { curateDataset, curateDatasetSteps, plannedCurationStages } from '../../../lib/data/curate-dataset';
import { loadBuiltinDataset } from '../../../lib/data/ingest/builtin-datasets';
import { S3LikeMemoryStore } from '../../helpers/s3-like-store';

/**
 * Curation is the first long activity of a run: on a big dataset its stages
 * (near-dedup above all) take minutes, past the control activities' 2-minute
 * heartbeat timeout. It runs stage by stage, heartbeating `{stage, done,
 * total}` between stages and stopping when cancelled.
 */
jest.setTimeout(120_000);

const config = parseExperimentConfig({
  name: 'hb',
  dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
  curation: { nearDedup: { enabled: true, acrossSplits: true }, balance: { method: 'oversample' } },
  search: { maxTrials: 1, parallelism: 1, space: { learningRate: { type: 'float', low: 0.01, high: 0.02 } } },
});
const input = { dataset: config.dataset, curation: config.curation };
const stages = ['validate', 'clean', 'dedup', 'near-dedup', 'split', 'near-dedup-across-splits', 'balance'];

test('the steps yield every planned stage in order and return what curateDataset returns', () => {
  expect(plannedCurationStages(config.curation)).toEqual(stages);
  const raw = loadBuiltinDataset('uci-sentiment');
  const steps = curateDatasetSteps(raw, input, 7);
  const seen: ProgressDetail[] = [];
  let r = steps.next();
  while (!r.done) {
    seen.push(r.value);
    r = steps.next();
  }
  expect(seen).toEqual(stages.map((stage, i) => ({ stage, done: i + 1, total: stages.length })));
  expect(r.value.splits).toEqual(curateDataset(raw, input, 7).splits);
});

test('the activity heartbeats each stage, and a cancelled attempt stops between stages', async () => {
  const activity = createCurationActivities({ store: new S3LikeMemoryStore(), allowFileSources: false }).curateDataset;
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('WARN') });
  const beats: ProgressDetail[] = [];
  env.on('heartbeat', (d: ProgressDetail) => beats.push(d));
  const out = (await env.run(activity, { runPrefix: 'runs/hb', config })) as { train: { uri: string } };
  expect(out.train.uri).toContain('runs/hb/dataset/');
  expect(beats.map((b) => b.stage)).toEqual(stages);

  const cancelled = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('WARN') });
  cancelled.on('heartbeat', (d: ProgressDetail) => {
    if (d.stage === 'dedup') cancelled.cancel();
  });
  const written = new S3LikeMemoryStore();
  const run = cancelled.run(createCurationActivities({ store: written, allowFileSources: false }).curateDataset, {
    runPrefix: 'runs/hb2',
    config,
  });
  await expect(run).rejects.toThrow();
  expect(await written.list('runs/hb2')).toEqual([]);
});
