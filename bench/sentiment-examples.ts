import type { Example } from '../lib/core/example';
import { loadBuiltinDataset } from '../lib/data/ingest/builtin-datasets';

/**
 * The UCI sentiment sentences as training examples for benches: the builtin
 * loader's rows with non-empty text, in file order, ids `<source>-<index in
 * its file>` (so shuffles and splits match earlier bench runs).
 */
export function sentimentExamples(): Example[] {
  const perSource = new Map<string, number>();
  const rows: Example[] = [];
  for (const row of loadBuiltinDataset('uci-sentiment')) {
    const source = row.group ?? 'unknown';
    const index = perSource.get(source) ?? 0;
    perSource.set(source, index + 1);
    if (typeof row.text === 'string' && row.text.trim() && typeof row.label === 'string') {
      rows.push({ id: `${source}-${index}`, text: row.text, label: row.label });
    }
  }
  return rows;
}
