/**
 * Layout shared by the report's cartesian charts. Pure constants.
 *
 * `outerBoundsContain: 'all'` makes ECharts shrink the plot until the axis
 * labels AND the axis names fit inside the margins; the older `containLabel`
 * (`'axisLabel'`) left names out, so a name at the end of an axis was cut at
 * the SVG's edge ("sta" for "stage"). Axis names of horizontal axes go under
 * the axis, centred, where a long one has room.
 */
export const grid = {
  left: 12,
  right: 24,
  top: 48,
  bottom: 8,
  outerBoundsMode: 'same' as const,
  outerBoundsContain: 'all' as const,
};

export const legend = { top: 8, type: 'scroll' as const };

/** A horizontal axis's name placement: centred under the labels. */
export const underAxis = (nameGap = 26) => ({ nameLocation: 'middle' as const, nameGap });

/** A value rounded to 4 decimals (chart labels and tooltips). */
export const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
