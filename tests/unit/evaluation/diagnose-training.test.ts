import { checkSplitLeakage, flagLabelNoise } from '../../../lib/evaluation/data-checks';
import { diagnoseTraining, type EpochPoint } from '../../../lib/evaluation/diagnose-training';

const curve = (train: number[], val: number[], acc = 0.85, f1 = 0.84): EpochPoint[] =>
  train.map((t, i) => ({ epoch: i + 1, trainLoss: t, valLoss: val[i], valAccuracy: acc, valMacroF1: f1 }));

// ln 2 = 0.693: a healthy binary run ends well below half of it, val tracking train.
const healthy = curve([0.6, 0.45, 0.35, 0.28, 0.24, 0.22], [0.62, 0.48, 0.4, 0.35, 0.33, 0.32]);

test('a healthy curve with clean data yields no finding', () => {
  expect(
    diagnoseTraining(healthy, {
      dataset: {
        classCounts: { pos: 500, neg: 480 },
        totalRows: 980,
        conflictingLabelDuplicates: 2,
        crossSplitDuplicates: 0,
      },
    }),
  ).toEqual([]);
});

test('overfitting: val loss rises from its minimum while the gap widens', () => {
  const [f] = diagnoseTraining(curve([0.6, 0.4, 0.25, 0.12, 0.05, 0.02], [0.62, 0.45, 0.38, 0.42, 0.5, 0.6]));
  expect(f.kind).toBe('overfitting');
  expect(f.severity).toBe('high');
  expect(f.evidence).toMatchObject({ bestEpoch: 3, minValLoss: 0.38, lastValLoss: 0.6 });
  expect(f.message).toMatch(/lowest at epoch 3/);
});

test('underfitting: still improving vs plateaued', () => {
  const improving = diagnoseTraining(curve([1.3, 1.25, 1.2, 1.1, 1.0], [1.3, 1.26, 1.21, 1.12, 1.02], 0.4, 0.35), {
    numClasses: 4,
  });
  expect(improving.map((f) => f.kind)).toEqual(['underfitting']);
  expect(improving[0].evidence.stillImproving).toBe('yes');
  expect(improving[0].message).toMatch(/train for more epochs/);
  const flat = diagnoseTraining(curve([0.69, 0.68, 0.68, 0.68, 0.68], [0.69, 0.69, 0.69, 0.69, 0.69], 0.5, 0.4));
  expect(flat[0].evidence.stillImproving).toBe('no');
});

test('divergence: NaN loss or loss exploding above its low', () => {
  const nan = diagnoseTraining(curve([0.6, 0.5, NaN], [0.6, 0.5, NaN]));
  expect(nan.map((f) => f.kind)).toEqual(['diverged']);
  expect(nan[0].evidence.epoch).toBe(3);
  const blowUp = diagnoseTraining(curve([0.6, 0.3, 2.5], [0.6, 0.35, 2.6]));
  expect(blowUp[0]).toMatchObject({ kind: 'diverged', evidence: { minTrainLoss: 0.3, lastTrainLoss: 2.5 } });
});

test('leakage: shared texts across splits, or near-perfect accuracy after one epoch', () => {
  expect(diagnoseTraining(healthy, { dataset: { crossSplitDuplicates: 7 } })[0]).toMatchObject({
    kind: 'leakage',
    severity: 'high',
  });
  const perfect = curve([0.2, 0.1], [0.2, 0.1], 1, 1);
  expect(diagnoseTraining(perfect).map((f) => f.kind)).toEqual(['leakage']);
});

test('label noise from conflicting duplicates or confident mistakes', () => {
  const f = diagnoseTraining(healthy, {
    dataset: { totalRows: 1000, conflictingLabelDuplicates: 30, confidentMistakes: 2, evaluatedExamples: 200 },
  });
  expect(f.map((x) => x.kind)).toEqual(['label-noise']);
  expect(f[0].message).toMatch(/30 texts appear with different labels/);
  expect(diagnoseTraining(healthy, { dataset: { confidentMistakes: 20, evaluatedExamples: 200 } })[0].kind).toBe(
    'label-noise',
  );
});

test('class imbalance names the classes and the accuracy/macro-F1 gap', () => {
  const f = diagnoseTraining(curve([0.6, 0.3, 0.2], [0.6, 0.35, 0.3], 0.9, 0.6), {
    dataset: { classCounts: { ham: 900, spam: 60 } },
  });
  expect(f[0]).toMatchObject({
    kind: 'class-imbalance',
    severity: 'high',
    evidence: { largestClass: 'ham', smallestClass: 'spam', ratio: 15, accuracyMinusMacroF1: 0.3 },
  });
});

test('bad history is rejected', () => {
  expect(() => diagnoseTraining([])).toThrow(/at least one epoch/);
  expect(() => diagnoseTraining([healthy[1], healthy[0]])).toThrow(/does not increase/);
});

test('flagLabelNoise lists confident mistakes only; checkSplitLeakage finds normalised duplicates', () => {
  const s = flagLabelNoise(
    [0, 1, 1, 0],
    [
      [0.95, 0.05],
      [0.97, 0.03],
      [0.6, 0.4],
      [0.08, 0.92],
    ],
  );
  expect(s.map((x) => x.index)).toEqual([1, 3]);
  const ex = (id: string, text: string) => ({ id, text, label: 'x' });
  const r = checkSplitLeakage({
    train: [ex('a', 'Great movie!')],
    val: [ex('b', 'great movie')],
    test: [ex('c', 'other'), ex('d', 'GREAT movie.')],
  });
  expect(r).toMatchObject({ trainVal: 1, trainTest: 1, valTest: 1 });
  expect(r.examples).toContain('b');
});
