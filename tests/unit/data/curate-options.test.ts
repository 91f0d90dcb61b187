import { CurationSchema, DatasetSchema } from '../../../configs/experiment-schema';
import { curateDataset } from '../../../lib/data/curate-dataset';
import { loadBuiltinDataset } from '../../../lib/data/ingest/builtin-datasets';
import { exactJaccard, shingleHashes } from '../../../lib/data/dedup/minhash';

const dataset = DatasetSchema.parse({ source: { kind: 'builtin', name: 'uci-sentiment' } });
const raw = loadBuiltinDataset('uci-sentiment');

describe('curateDataset with every optional stage on', () => {
  const curation = CurationSchema.parse({
    maskPii: true,
    minWords: 2,
    nearDedup: { enabled: true, threshold: 0.7 },
    labelQuality: { enabled: true, remove: true },
    balance: { method: 'class-weights' },
  });
  const result = curateDataset(raw, { dataset, curation }, 42);
  const { train, val, test } = result.splits;

  it('runs the stages in order with consistent counts', () => {
    expect(result.reports.map((r) => r.stage)).toEqual([
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
    for (const r of result.reports) expect(r.in).toBe(r.kept + Object.values(r.dropped).reduce((a, b) => a + b, 0));
    const near = result.reports.find((r) => r.stage === 'near-dedup')!;
    expect(near.in - near.kept).toBe(result.details.nearDuplicates.filter((d) => !d.reason.includes('-of-')).length);
    const lq = result.reports.find((r) => r.stage === 'label-quality')!;
    expect(lq.in - lq.kept).toBe(result.details.labelIssues.length);
    expect(train.length).toBe(lq.kept);
  });

  it('leaves no train text near-duplicating a val/test text', () => {
    const sets = (t: string) => shingleHashes(t, curation.nearDedup.shingleSize);
    const held = [...val, ...test].map((r) => sets(r.text));
    let max = 0;
    for (const row of train) {
      const s = sets(row.text);
      for (const h of held) max = Math.max(max, exactJaccard(s, h));
    }
    expect(max).toBeLessThan(0.7);
  });

  it('passes class weights and the evidence on', () => {
    expect(Object.keys(result.classWeights!)).toEqual(['negative', 'positive']);
    expect(result.details.classBalance.train.total).toBe(train.length);
    expect(result.details.labelQuality?.removed).toBe(true);
    expect(result.details.labelIssues.length).toBeGreaterThan(0);
    for (const d of result.details.nearDuplicates) expect(d.similarity).toBeGreaterThanOrEqual(0.7);
  });

  it('keeps the default funnel when no option is set', () => {
    const plain = curateDataset(raw, { dataset, curation: CurationSchema.parse({}) }, 42);
    expect(plain.reports.map((r) => r.stage)).toEqual(['validate', 'clean', 'dedup', 'split']);
    expect(plain.classWeights).toBeUndefined();
  });
});
