import { drawableConfusion } from '../../../lib/report/confusion-subset';
import { confusionChart } from '../../../lib/report/report-charts';

describe('drawableConfusion', () => {
  test('a small matrix is drawn whole', () => {
    const v = drawableConfusion(
      ['a', 'b'],
      [
        [3, 1],
        [0, 2],
      ],
    );
    expect(v).toEqual({
      labels: ['a', 'b'],
      confusion: [
        [3, 1],
        [0, 2],
      ],
      total: 2,
    });
  });

  test('past the cap it keeps the most-confused classes, in label order, with their sub-matrix', () => {
    // a and c are confused with each other (3 errors), b and d once; e never.
    const labels = ['a', 'b', 'c', 'd', 'e'];
    const m = [
      [5, 0, 2, 0, 0],
      [0, 5, 0, 0, 0],
      [1, 0, 5, 0, 0],
      [0, 1, 0, 5, 0],
      [0, 0, 0, 0, 5],
    ];
    expect(drawableConfusion(labels, m, 2)).toEqual({
      labels: ['a', 'c'],
      confusion: [
        [5, 2],
        [1, 5],
      ],
      total: 5,
    });
    expect(drawableConfusion(labels, m, 3).labels).toEqual(['a', 'b', 'c']);
  });

  test('a 1,000-class matrix renders as a chart (it overflowed the stack before)', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => `class-${i}`);
    const m = labels.map((_, t) => labels.map((_, p) => (t === p ? 4 : (t + 2 * p) % 211 === 0 ? 1 : 0)));
    const v = drawableConfusion(labels, m);
    expect(v.labels).toHaveLength(40);
    expect(confusionChart(v.labels, v.confusion)).toContain('<svg');
  });
});
