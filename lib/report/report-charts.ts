/**
 * The report's charts as ECharts options rendered to SVG (see svg-chart.ts):
 * one function per chart, each taking plain summary data. Pure.
 */
import type { Finding } from '../evaluation/diagnose-training';
import type { SelectionStep } from '../ensemble/greedy-selection';
import type { ReliabilityBin } from '../metrics/calibration';
import type { ClassCurves } from '../evaluation/model-metrics';
import type { ParamImportance } from './param-importance';
import type { RunSummary, SummaryTrial } from './run-summary';
import { grid, legend, r4, underAxis } from './chart-layout';
import { renderChartSvg } from './svg-chart';

export type { Finding };
export { funnelChart, funnelGroups, type FunnelGroup, type FunnelGroupUnit } from './funnel-chart';
export { allTrialsCurveChart, learningCurveChart } from './learning-curve-charts';

/** Examples per label in train / val / test (grouped bars). */
export function classBalanceChart(labels: readonly string[], counts: Record<string, Record<string, number>>): string {
  return renderChartSvg({
    legend,
    grid,
    xAxis: { type: 'category', data: [...labels], name: 'label', ...underAxis() },
    yAxis: { type: 'value', name: 'examples' },
    series: Object.entries(counts).map(([split, c]) => ({
      type: 'bar' as const,
      name: split,
      data: labels.map((l) => c[l] ?? 0),
      label: { show: true, position: 'top' as const },
    })),
  });
}

/** Horizontal bars of the most frequent tokens (or n-grams). */
export function frequencyChart(entries: readonly { value: string; count: number }[], name: string): string {
  const top = entries.slice(0, 20).reverse();
  return renderChartSvg(
    {
      grid: { ...grid, top: 32 },
      xAxis: { type: 'value', name: 'count', ...underAxis() },
      yAxis: { type: 'category', data: top.map((e) => e.value), name },
      series: [{ type: 'bar', data: top.map((e) => e.count) }],
    },
    { width: 640, height: 120 + 22 * top.length },
  );
}

/** Validation score of each completed trial by launch order, with the best so far. */
export function sweepHistoryChart(s: Pick<RunSummary, 'bestSoFar' | 'objective'>): string {
  return renderChartSvg({
    legend,
    grid,
    tooltip: {},
    xAxis: { type: 'value', name: 'trial index', minInterval: 1, ...underAxis() },
    yAxis: { type: 'value', name: s.objective, scale: true },
    series: [
      { type: 'scatter', name: 'trial', data: s.bestSoFar.map((t) => [t.index, r4(t.score)]), symbolSize: 9 },
      { type: 'line', name: 'best so far', step: 'end', data: s.bestSoFar.map((t) => [t.index, r4(t.best)]) },
    ],
  });
}

/**
 * Parameter importance as horizontal bars, most important on top (see
 * param-importance.ts for the method). Every bar is named (`interval: 0`:
 * ECharts otherwise hides category labels that would overlap) and carries
 * its value; the chart grows by one row per parameter.
 */
export function importanceChart(importance: readonly ParamImportance[]): string {
  const rows = [...importance].reverse(); // a category y axis runs bottom-up
  return renderChartSvg(
    {
      grid: { ...grid, top: 16, right: 56 },
      xAxis: { type: 'value', name: 'importance', min: 0, max: 1, ...underAxis() },
      yAxis: { type: 'category', data: rows.map((p) => `${p.name} (${p.method})`), axisLabel: { interval: 0 } },
      series: [
        {
          type: 'bar',
          data: rows.map((p) => r4(p.importance)),
          barMaxWidth: 22,
          label: { show: true, position: 'right' },
        },
      ],
    },
    { width: 760, height: 80 + 26 * rows.length },
  );
}

/** Parallel coordinates: one line per completed trial over its params and score. */
export function parallelChart(trials: readonly SummaryTrial[], objective: string): string {
  const done = trials.filter((t) => t.status === 'completed' && typeof t.score === 'number');
  const names = [...new Set(done.flatMap((t) => Object.keys(t.params)))].sort();
  const axes = names.map((name, dim) => {
    const values = done.map((t) => t.params[name]);
    const numeric = values.every((v) => typeof v === 'number');
    return numeric
      ? { dim, name, type: 'value' as const, scale: true }
      : { dim, name, type: 'category' as const, data: [...new Set(values.map((v) => String(v)))] };
  });
  const data = done.map((t) => [
    ...names.map((n, i) => (axes[i].type === 'value' ? (t.params[n] as number) : String(t.params[n]))),
    r4(t.score!),
  ]);
  return renderChartSvg(
    {
      parallelAxis: [...axes, { dim: names.length, name: objective, type: 'value', scale: true }],
      parallel: { left: 60, right: 90, top: 50, bottom: 40 },
      series: [{ type: 'parallel', data, lineStyle: { width: 2, opacity: 0.7 } }],
    },
    { width: 760, height: 340 },
  );
}

/** Confusion-matrix heatmap: rows = true label, columns = predicted, cell = count. */
export function confusionChart(labels: readonly string[], confusion: readonly number[][]): string {
  const data = confusion.flatMap((row, t) => row.map((v, p) => [p, t, v]));
  const max = data.reduce((m, d) => Math.max(m, d[2]), 1);
  const side = Math.min(900, 220 + 40 * labels.length);
  return renderChartSvg(
    {
      grid: { ...grid, top: 30, bottom: 50 },
      xAxis: {
        type: 'category',
        data: [...labels],
        name: 'predicted',
        nameLocation: 'middle',
        nameGap: 40,
        splitArea: { show: true },
      },
      // inverse: the axis starts at the top, so 'start' puts its name above the first row.
      yAxis: {
        type: 'category',
        data: [...labels],
        name: 'true',
        nameLocation: 'start',
        inverse: true,
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        inRange: { color: ['#f3f7fe', '#2f6fdf'] },
      },
      series: [{ type: 'heatmap', data, label: { show: labels.length <= 12 } }],
    },
    { width: side, height: side },
  );
}

type NamedCurves = { name: string; curves: readonly ClassCurves[] };

/** One-vs-rest ROC curves per class for each model, with the chance diagonal. */
export function rocChart(models: readonly NamedCurves[]): string {
  const series = models.flatMap((m) =>
    m.curves.map((c) => ({
      type: 'line' as const,
      name: `${m.name}: ${c.label} (AUC ${c.auc.toFixed(3)})`,
      showSymbol: false,
      data: c.roc.fpr.map((x, i) => [r4(x), r4(c.roc.tpr[i])]),
    })),
  );
  return renderChartSvg(
    {
      legend: { ...legend, orient: 'vertical', right: 8, top: 'middle' },
      grid: { ...grid, right: 330 },
      xAxis: { type: 'value', name: 'false positive rate', min: 0, max: 1, nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'true positive rate', min: 0, max: 1 },
      series: [
        ...series,
        {
          type: 'line',
          name: 'chance',
          showSymbol: false,
          lineStyle: { type: 'dashed', color: '#999' },
          data: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
    },
    { width: 880, height: 360 },
  );
}

/** One-vs-rest precision-recall curves per class for each model. */
export function prChart(models: readonly NamedCurves[]): string {
  const series = models.flatMap((m) =>
    m.curves.map((c) => ({
      type: 'line' as const,
      name: `${m.name}: ${c.label} (AP ${c.ap.toFixed(3)})`,
      showSymbol: false,
      step: 'start' as const,
      data: c.pr.recall.map((x, i) => [r4(x), r4(c.pr.precision[i])]),
    })),
  );
  return renderChartSvg(
    {
      legend: { ...legend, orient: 'vertical', right: 8, top: 'middle' },
      grid: { ...grid, right: 330 },
      xAxis: { type: 'value', name: 'recall', min: 0, max: 1, nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'value', name: 'precision', min: 0, max: 1 },
      series,
    },
    { width: 880, height: 360 },
  );
}

/** Reliability diagram: accuracy vs mean confidence per bin, with the diagonal. */
export function calibrationChart(
  models: readonly { name: string; bins: readonly ReliabilityBin[]; ece: number }[],
): string {
  return renderChartSvg({
    legend,
    grid,
    tooltip: {},
    xAxis: { type: 'value', name: 'mean confidence', min: 0, max: 1, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: 'accuracy', min: 0, max: 1 },
    series: [
      ...models.map((m) => ({
        type: 'line' as const,
        name: `${m.name} (ECE ${m.ece.toFixed(3)})`,
        data: m.bins.map((b) => [r4(b.meanPredicted), r4(b.fractionPositive)]),
        symbolSize: 7,
      })),
      {
        type: 'line',
        name: 'perfect',
        showSymbol: false,
        lineStyle: { type: 'dashed', color: '#999' },
        data: [
          [0, 0],
          [1, 1],
        ],
      },
    ],
  });
}

/** Ensemble member weights (bars). */
export function ensembleWeightsChart(members: readonly { id: string; weight: number }[]): string {
  return renderChartSvg(
    {
      grid,
      xAxis: {
        type: 'category',
        data: members.map((m) => m.id),
        axisLabel: { interval: 0, rotate: members.length > 4 ? 30 : 0 },
      },
      yAxis: { type: 'value', name: 'weight', min: 0, max: 1 },
      series: [{ type: 'bar', data: members.map((m) => r4(m.weight)), label: { show: true, position: 'top' } }],
    },
    { width: 460, height: 280 },
  );
}

/** Greedy selection: validation score after each step (bag 0), labelled with the added member. */
export function selectionTrajectoryChart(steps: readonly SelectionStep[], metric: string): string {
  const bag0 = steps.filter((s) => s.bag === 0);
  return renderChartSvg(
    {
      grid,
      tooltip: {},
      xAxis: {
        type: 'category',
        data: bag0.map((s) => `${s.step}: ${s.addedId}`),
        axisLabel: { rotate: 45, interval: 0 },
      },
      yAxis: { type: 'value', name: `validation ${metric}`, scale: true },
      series: [{ type: 'line', data: bag0.map((s) => r4(s.score)) }],
    },
    { width: 460, height: 280 },
  );
}

/** Histogram of text lengths (bins as category labels). */
export function lengthHistogramChart(bins: readonly { lo: number; hi: number; count: number }[], unit: string): string {
  return renderChartSvg(
    {
      grid,
      xAxis: {
        type: 'category',
        data: bins.map((b) => `${Math.round(b.lo)}-${Math.round(b.hi)}`),
        name: unit,
        axisLabel: { rotate: 45 },
        ...underAxis(44),
      },
      yAxis: { type: 'value', name: 'texts' },
      series: [{ type: 'bar', data: bins.map((b) => b.count) }],
    },
    { width: 520, height: 300 },
  );
}
