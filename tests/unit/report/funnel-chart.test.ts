import { addedRows, droppedRows, funnelChart, funnelGroups } from '../../../lib/report/funnel-chart';
import type { FunnelStage } from '../../../lib/report/run-summary';

const funnel: FunnelStage[] = [
  { stage: 'validate', in: 520, kept: 515, dropped: { 'empty-text': 5 } },
  { stage: 'split', in: 515, kept: 515, dropped: {} },
  { stage: 'balance', in: 340, kept: 330, dropped: { undersampled: 10 } },
  { stage: 'augment', in: 330, kept: 500, dropped: { 'unchanged-copy': 0 } },
];

test('stages up to the split count the whole dataset; later ones the train split', () => {
  expect(funnelGroups(funnel).map((g) => [g.unit, g.stages.map((s) => s.stage)])).toEqual([
    ['rows, whole dataset', ['validate', 'split']],
    ['rows, train split', ['balance', 'augment']],
  ]);
});

test('without a split stage the funnel is one group of plain rows; an empty funnel has none', () => {
  expect(funnelGroups(funnel.slice(0, 1))).toEqual([{ unit: 'rows', stages: funnel.slice(0, 1) }]);
  expect(funnelGroups(funnel.slice(0, 2)).map((g) => g.unit)).toEqual(['rows, whole dataset']);
  expect(funnelGroups([])).toEqual([]);
});

test('every bar adds up: kept + dropped = in + added', () => {
  expect(funnel.map((f) => [droppedRows(f), addedRows(f)])).toEqual([
    [5, 0],
    [0, 0],
    [10, 0],
    [0, 170],
  ]);
  for (const f of funnel) expect(f.kept + droppedRows(f)).toBe(f.in + addedRows(f));
});

test('the chart names its unit on the value axis and draws the added copies', () => {
  const [, train] = funnelGroups(funnel);
  const svg = funnelChart(train);
  expect(svg).toContain('>rows, train split<');
  expect(svg).toContain('>added<');
  expect(svg).toContain('>stage<');
});
