/**
 * Server-side chart rendering with Apache ECharts: an option object in, an
 * SVG string out (`renderer: 'svg', ssr: true`), no DOM, canvas or browser.
 * ECharts was chosen because it renders every chart the report needs
 * (heatmap, parallel coordinates, dual axes) to static SVG in Node and escapes
 * text itself; the SVG needs no script to display, so the report stays one
 * self-contained offline file. Animation is off so the output is the final
 * frame and deterministic for the same option.
 */
import * as echarts from 'echarts';
import { textWidth } from './text-width';

// Layout measures text with our table (text-width.ts) instead of ECharts' Arial-like estimate.
// Process-wide, and this module is the only user of ECharts.
echarts.setPlatformAPI({ measureText: (text?: string, font?: string) => ({ width: textWidth(text ?? '', font) }) });

/** Any ECharts option object. */
export type ChartOption = echarts.EChartsOption;

/** Pixel size of a chart. */
export interface ChartSize {
  width: number;
  height: number;
}

export const DEFAULT_CHART_SIZE: ChartSize = { width: 640, height: 320 };

const PALETTE = ['#2f6fdf', '#e8743b', '#19a979', '#945ecf', '#ed4a7b', '#13a4b4', '#6c8893', '#bf399e'];

/**
 * Renders `option` to a standalone `<svg>` string. The chart instance is
 * always disposed (an undisposed instance keeps a timer alive in Node).
 */
export function renderChartSvg(option: ChartOption, size: ChartSize = DEFAULT_CHART_SIZE): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'system-ui, sans-serif' },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
