/**
 * A confusion matrix small enough to draw: with more than `maxClasses`
 * labels, the `maxClasses` labels with the most errors (off-diagonal counts in
 * their row plus their column; ties by label order), in label order, and the
 * matrix restricted to them. A 1,000-class heatmap is a million cells nobody
 * can read (and the chart library's input alone overflowed the stack).
 */
export interface ConfusionView {
  labels: string[];
  confusion: number[][];
  /** Labels of the full matrix; `labels.length < total` when it was cut. */
  total: number;
}

export function drawableConfusion(
  labels: readonly string[],
  confusion: readonly number[][],
  maxClasses = 40,
): ConfusionView {
  if (labels.length <= maxClasses)
    return { labels: [...labels], confusion: confusion.map((r) => [...r]), total: labels.length };
  const errors = labels.map(() => 0);
  confusion.forEach((row, t) =>
    row.forEach((v, p) => {
      if (t === p) return;
      errors[t] += v;
      errors[p] += v;
    }),
  );
  const keep = labels
    .map((_, i) => i)
    .sort((a, b) => errors[b] - errors[a] || a - b)
    .slice(0, maxClasses)
    .sort((a, b) => a - b);
  return {
    labels: keep.map((i) => labels[i]),
    confusion: keep.map((t) => keep.map((p) => confusion[t][p])),
    total: labels.length,
  };
}
