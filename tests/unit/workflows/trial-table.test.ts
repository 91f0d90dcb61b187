import type { TrialRecord } from '../../../activities/contracts';
import { selectTopK } from '../../../lib/ensemble/average-top-k';
import { dropRefsOutsideTopK, MAX_TRIAL_ERROR_CHARS, recordBytes, shortError } from '../../../workflows/trial-table';

const ref = (trialId: string, kind: 'model' | 'predictions') => ({
  uri: `s3://finetune-flow/ff/runs/r/trials/${trialId}/${kind}/${'a'.repeat(64)}.ckpt`,
  sha256: 'a'.repeat(64),
  bytes: 123456,
  kind,
});
const completed = (i: number, score: number): TrialRecord => {
  const trialId = `trial-${String(i).padStart(4, '0')}`;
  return {
    trialId,
    index: i,
    params: { learningRate: 0.01 },
    status: 'completed',
    score,
    intermediate: [score],
    model: ref(trialId, 'model'),
    valPredictions: ref(trialId, 'predictions'),
  };
};

test('only the k best completed trials keep their artifact refs, chosen exactly as the pipeline chooses candidates', () => {
  const scores = [0.5, 0.9, 0.7, 0.9, 0.1, 0.8, Number.NaN, 0.6];
  const trials = [
    ...scores.map((s, i) => completed(i, s)),
    { trialId: 'trial-0008', index: 8, params: {}, status: 'running' as const },
  ];
  const pipelinePick = selectTopK(
    trials.filter((t) => t.model).map((t) => ({ id: t.trialId, score: t.score! })),
    3,
  ).map((c) => c.id);
  const before = trials.reduce((n, t) => n + recordBytes(t), 0);

  const freed = dropRefsOutsideTopK(trials, 3);

  expect(trials.filter((t) => t.model && t.valPredictions).map((t) => t.trialId)).toEqual([
    'trial-0001',
    'trial-0003',
    'trial-0005',
  ]);
  expect(pipelinePick.sort()).toEqual(['trial-0001', 'trial-0003', 'trial-0005']);
  expect(trials.reduce((n, t) => n + recordBytes(t), 0)).toBe(before - freed);
  expect(freed).toBeGreaterThan(5 * 400);
  // Scores and the rest of each record are untouched; a second pass frees nothing.
  expect(trials.map((t) => t.score)).toEqual([...scores, undefined]);
  expect(dropRefsOutsideTopK(trials, 3)).toBe(0);
});

test('fewer completed trials than k: nothing is dropped', () => {
  const trials = [completed(0, 0.5), completed(1, 0.6)];
  expect(dropRefsOutsideTopK(trials, 10)).toBe(0);
  expect(trials.every((t) => t.model && t.valPredictions)).toBe(true);
});

test('a record without refs is about half the size, so ~3,000 trials fit the default table ceiling', () => {
  const trial = completed(123, 0.843012);
  const full = recordBytes(trial);
  dropRefsOutsideTopK([trial, completed(0, 0.9)], 1);
  expect(recordBytes(trial)).toBeLessThan(full * 0.5);
});

test('long failure messages are cut', () => {
  expect(shortError('x'.repeat(2000))).toHaveLength(MAX_TRIAL_ERROR_CHARS);
  expect(shortError('short')).toBe('short');
});
