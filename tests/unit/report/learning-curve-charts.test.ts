import { allTrialsCurveChart, OTHER_TRIAL_COLOR } from '../../../lib/report/learning-curve-charts';
import type { SummaryTrial } from '../../../lib/report/run-summary';

const trial = (i: number, intermediate?: number[]): SummaryTrial => ({
  trialId: `t-${i}`,
  index: i,
  status: intermediate ? 'completed' : 'failed',
  params: {},
  intermediate,
});

const trials = [
  ...Array.from({ length: 30 }, (_, i) => trial(i, [0.3, 0.5 + i / 100, 0.6 + i / 100])),
  trial(30), // failed: no curve
  trial(31, [0.2]), // pruned after one epoch
];

test('one line per trial with a curve: the highlighted in colour and named, the rest grey under one legend entry', () => {
  const svg = allTrialsCurveChart(trials, ['t-29', 't-3'], 'val_macro_f1');
  const grey = svg.match(new RegExp(`<path [^>]*fill="none"[^>]*stroke="${OTHER_TRIAL_COLOR}"`, 'g')) ?? [];
  expect(grey.length).toBe(29); // 31 curves (the failed trial has none) less the 2 highlighted
  expect(svg).toContain('>t-29<');
  expect(svg).toContain('>t-3<');
  expect(svg.match(/>other trials</g)).toHaveLength(1);
  expect(svg).not.toContain('>t-4<');
});

test('a highlighted trial without a curve is left out of the legend', () => {
  const svg = allTrialsCurveChart(trials, ['t-30'], 'val_accuracy');
  expect(svg).not.toContain('>t-30<');
  expect(svg).toContain('>val_accuracy<');
});
