import { balanceTrainSet, classBalance, computeClassWeights } from '../../../../lib/data/split/balance';

const rows = [
  ...Array.from({ length: 6 }, (_, i) => ({ id: `p${i}`, text: `pos ${i}`, label: 'pos' })),
  ...Array.from({ length: 2 }, (_, i) => ({ id: `n${i}`, text: `neg ${i}`, label: 'neg' })),
];

describe('class balance', () => {
  it('reports counts, shares and the imbalance ratio', () => {
    expect(classBalance(rows)).toEqual({
      total: 8,
      counts: { neg: 2, pos: 6 },
      shares: { neg: 0.25, pos: 0.75 },
      imbalanceRatio: 3,
    });
  });

  it('computes balanced class weights (N / (K * n_c))', () => {
    expect(computeClassWeights(rows)).toEqual({ neg: 2, pos: 8 / 12 });
  });
});

describe('balanceTrainSet', () => {
  it('oversamples smaller classes with fresh ids up to the largest class', () => {
    const r = balanceTrainSet(rows, { method: 'oversample' }, 1);
    expect(r.after.counts).toEqual({ neg: 6, pos: 6 });
    expect(r.rows.slice(0, 8)).toEqual(rows);
    expect(new Set(r.rows.map((x) => x.id)).size).toBe(12);
    expect(r.rows.slice(8).every((x) => x.label === 'neg' && /^n\d~os\d$/.test(x.id))).toBe(true);
    expect(r.report).toEqual({ stage: 'balance', in: 8, kept: 12, dropped: {} });
  });

  it('undersamples larger classes deterministically', () => {
    const a = balanceTrainSet(rows, { method: 'undersample' }, 1);
    expect(a.after.counts).toEqual({ neg: 2, pos: 2 });
    expect(a.report.dropped).toEqual({ undersampled: 4 });
    expect(balanceTrainSet(rows, { method: 'undersample' }, 1).rows).toEqual(a.rows);
    const other = [2, 3, 4, 5].map((s) =>
      balanceTrainSet(rows, { method: 'undersample' }, s)
        .rows.map((x) => x.id)
        .join(),
    );
    expect(new Set([a.rows.map((x) => x.id).join(), ...other]).size).toBeGreaterThan(1);
  });

  it('class-weights keeps rows and returns weights; none changes nothing', () => {
    const w = balanceTrainSet(rows, { method: 'class-weights' }, 1);
    expect(w.rows).toBe(rows);
    expect(w.classWeights).toEqual(computeClassWeights(rows));
    const none = balanceTrainSet(rows, { method: 'none' }, 1);
    expect(none.rows).toBe(rows);
    expect(none.classWeights).toBeUndefined();
  });
});
