/**
 * Learning-curve charts: the sweep objective per epoch of every trial, and
 * the loss/score curves of each evaluated candidate. Pure.
 */
import type { EpochPoint } from '../evaluation/diagnose-training';
import { grid, legend, r4, underAxis } from './chart-layout';
import type { SummaryTrial } from './run-summary';
import { renderChartSvg } from './svg-chart';

/** Stroke of the trials that are not highlighted (the browser test counts lines of this colour). */
export const OTHER_TRIAL_COLOR = '#b4b9c4';

/** Legend entry shared by every grey line (ECharts merges series of one name into one entry). */
export const OTHER_TRIALS = 'other trials';

/**
 * The objective after each epoch of every trial that recorded one: one line
 * series per trial. The `highlighted` trials (the evaluated candidates, best
 * first) are drawn in colour, named in the legend and on top; every other
 * trial is a thin grey line under them, so hundreds of trials stay readable
 * as a band. Pruned trials end where they were stopped.
 */
export function allTrialsCurveChart(
  trials: readonly SummaryTrial[],
  highlighted: readonly string[],
  objective: string,
): string {
  const shown = new Set(highlighted);
  const curve = (t: SummaryTrial) => (t.intermediate ?? []).map((v, e) => [e + 1, r4(v)]);
  const others = trials
    .filter((t) => t.intermediate?.length && !shown.has(t.trialId))
    .map((t) => ({
      type: 'line' as const,
      name: OTHER_TRIALS,
      data: curve(t),
      showSymbol: false,
      silent: true,
      z: 1,
      color: OTHER_TRIAL_COLOR,
      lineStyle: { width: 1, opacity: 0.4 },
    }));
  const top = highlighted
    .map((id) => trials.find((t) => t.trialId === id))
    .filter((t): t is SummaryTrial => !!t?.intermediate?.length)
    .map((t) => ({
      type: 'line' as const,
      name: t.trialId,
      data: curve(t),
      symbolSize: 5,
      z: 3,
      lineStyle: { width: 2.5 },
    }));
  return renderChartSvg(
    {
      legend: { ...legend, data: [...top.map((s) => s.name), ...(others.length ? [OTHER_TRIALS] : [])] },
      grid: { ...grid, top: 64 },
      xAxis: { type: 'value', name: 'epoch', minInterval: 1, ...underAxis() },
      yAxis: { type: 'value', name: objective, scale: true },
      series: [...others, ...top],
    },
    { width: 880, height: 380 },
  );
}

/** Train / val loss (left axis) and val macro-F1 / accuracy (right axis) per epoch. */
export function learningCurveChart(history: readonly EpochPoint[]): string {
  const line = (name: string, key: keyof EpochPoint, yAxisIndex: number) => ({
    type: 'line' as const,
    name,
    yAxisIndex,
    data: history.map((h) => [h.epoch, r4(h[key])]),
  });
  return renderChartSvg(
    {
      legend,
      grid: { ...grid, top: 70 },
      xAxis: { type: 'value', name: 'epoch', minInterval: 1, ...underAxis() },
      yAxis: [
        { type: 'value', name: 'loss', scale: true },
        { type: 'value', name: 'score', min: 0, max: 1 },
      ],
      series: [
        line('train loss', 'trainLoss', 0),
        line('val loss', 'valLoss', 0),
        line('val macro-F1', 'valMacroF1', 1),
        line('val accuracy', 'valAccuracy', 1),
      ],
    },
    { width: 460, height: 280 },
  );
}
