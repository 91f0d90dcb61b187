/**
 * The data funnel: how many rows each curation stage kept, dropped or added,
 * counted in one unit per chart. Pure.
 *
 * Stages up to and including `split` see the whole dataset; the stages after
 * it (the across-splits near-dedup, label quality, balancing, augmentation)
 * see the train split only. Drawn on one axis, the funnel fell from 510 rows
 * to 340 at the first train-only stage as if 170 rows had been lost (they were
 * val and test), and augmentation copies looked like kept rows. So the stages
 * are grouped by what they count, and every bar is `kept + dropped = in + added`.
 */
import { grid, legend, underAxis } from './chart-layout';
import type { FunnelStage } from './run-summary';
import { renderChartSvg } from './svg-chart';

/** Stages that count the same rows, and the name of that unit. */
export interface FunnelGroup {
  unit: 'rows' | 'rows, whole dataset' | 'rows, train split';
  stages: FunnelStage[];
}

export type FunnelGroupUnit = FunnelGroup['unit'];

/** Rows a stage added (augmentation copies, oversampling): `kept + dropped - in` when positive. */
export function addedRows(f: FunnelStage): number {
  return Math.max(0, f.kept + droppedRows(f) - f.in);
}

/** Rows a stage dropped, all reasons together. */
export function droppedRows(f: FunnelStage): number {
  return Object.values(f.dropped).reduce((a, b) => a + b, 0);
}

/**
 * Splits `funnel` after its `split` stage: whole-dataset stages, then
 * train-split stages (an empty group is left out). Without a `split` stage,
 * one group in plain 'rows'.
 */
export function funnelGroups(funnel: readonly FunnelStage[]): FunnelGroup[] {
  const at = funnel.findIndex((f) => f.stage === 'split');
  if (at < 0) return funnel.length ? [{ unit: 'rows', stages: [...funnel] }] : [];
  const groups: FunnelGroup[] = [
    { unit: 'rows, whole dataset', stages: funnel.slice(0, at + 1) },
    { unit: 'rows, train split', stages: funnel.slice(at + 1) },
  ];
  return groups.filter((g) => g.stages.length > 0);
}

/** Stacked bars of one group: rows kept (of those that came in), dropped, and added. */
export function funnelChart(group: FunnelGroup): string {
  const { stages } = group;
  const bar = (name: string, data: number[], label = false) => ({
    type: 'bar' as const,
    name,
    stack: 'rows',
    data,
    ...(label ? { label: { show: true, position: 'inside' as const } } : {}),
  });
  return renderChartSvg(
    {
      legend,
      grid,
      xAxis: { type: 'category', data: stages.map((f) => f.stage), name: 'stage', ...underAxis() },
      yAxis: { type: 'value', name: group.unit },
      series: [
        bar(
          'kept',
          stages.map((f) => f.kept - addedRows(f)),
          true,
        ),
        bar('dropped', stages.map(droppedRows)),
        bar('added', stages.map(addedRows)),
      ],
    },
    { width: 640, height: 320 },
  );
}
