import { parameterImportance } from '../../../lib/report/param-importance';

const byName = (rows: ReturnType<typeof parameterImportance>, name: string) => rows.find((r) => r.name === name)!;

test('a numeric parameter with a monotone effect scores 1 by Spearman; one without an effect scores low', () => {
  const trials = [1, 2, 3, 4, 5, 6].map((i) => ({
    params: { lr: i * 0.01, noise: [3, 1, 4, 1, 5, 9][i - 1] },
    score: Math.log(i),
  }));
  const rows = parameterImportance(trials);
  expect(byName(rows, 'lr')).toEqual({ name: 'lr', importance: 1, method: 'spearman', trials: 6 });
  expect(byName(rows, 'noise').importance).toBeLessThan(0.7);
  expect(rows[0].name).toBe('lr');
});

test('a categorical parameter is scored by the correlation ratio', () => {
  const trials = ['a', 'a', 'b', 'b', 'c', 'c'].map((encoder, i) => ({
    params: { encoder },
    score: encoder === 'b' ? 1 : 0 + i * 0.001,
  }));
  const [row] = parameterImportance(trials);
  expect(row.method).toBe('eta');
  expect(row.importance).toBeGreaterThan(0.99);
});

test('a conditional numeric parameter is measured where it is active, not as a category mixed with "missing"', () => {
  // kernelSize exists only for cnn trials; among them the score rises with it.
  const cnn = [2, 3, 4, 5, 6].map((k) => ({ params: { encoder: 'cnn', kernelSize: k }, score: 0.5 + k / 100 }));
  const average = [0, 1, 2].map((i) => ({ params: { encoder: 'average' }, score: 0.6 + i / 1000 }));
  const rows = parameterImportance([...cnn, ...average]);
  expect(byName(rows, 'kernelSize')).toEqual({ name: 'kernelSize', importance: 1, method: 'spearman', trials: 5 });
  expect(byName(rows, 'encoder').trials).toBe(8);
});

test('a parameter active in fewer than 3 scored trials scores 0; fewer than 3 scored trials give nothing', () => {
  const trials = [1, 2, 3, 4].map((i) => ({ params: { lr: i, ...(i < 3 ? { rare: i } : {}) }, score: i }));
  expect(byName(parameterImportance(trials), 'rare')).toEqual({
    name: 'rare',
    importance: 0,
    method: 'eta',
    trials: 2,
  });
  expect(parameterImportance(trials.slice(0, 2))).toEqual([]);
  expect(parameterImportance([...trials.slice(0, 2), { params: { lr: 9 }, score: Number.NaN }])).toEqual([]);
});
