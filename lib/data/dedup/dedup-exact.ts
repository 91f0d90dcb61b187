import { createHash } from 'node:crypto';
import type { Example } from '../../core/example';
import { makeStageReport, type StageReport } from '../stage-report';

/** One dropped duplicate and the kept row it duplicates. */
export interface DuplicateRecord {
  id: string;
  duplicateOf: string;
  /** 'duplicate' (same label) or 'duplicate-conflicting-label' (same text, different label). */
  reason: 'duplicate' | 'duplicate-conflicting-label';
}

/** Result of {@link dedupExact}. */
export interface DedupResult {
  rows: Example[];
  report: StageReport;
  duplicates: DuplicateRecord[];
}

/**
 * The comparison form of a text: NFKC, lowercase, punctuation removed,
 * whitespace collapsed and trimmed. A text made only of punctuation keeps its
 * (lowercased, trimmed) punctuation, so "!!!" and "???" stay distinct.
 */
export function dedupKeyText(text: string): string {
  const lower = text.normalize('NFKC').toLowerCase();
  const stripped = lower
    .replace(/\p{P}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return stripped === '' ? lower.replace(/\s+/g, ' ').trim() : stripped;
}

/** sha256 of {@link dedupKeyText}: the exact-duplicate key. */
export function dedupKey(text: string): string {
  return createHash('sha256').update(dedupKeyText(text), 'utf8').digest('hex');
}

/**
 * Removes exact duplicates (same {@link dedupKey}), keeping the first
 * occurrence in input order. A later row with the same text but a different
 * label is also dropped (the first label wins) and counted separately as
 * 'duplicate-conflicting-label', because conflicting labels are a data-quality
 * signal worth surfacing, not just redundancy. Run before splitting so no text
 * can appear in two splits. Deterministic; preserves order. Report stage: 'dedup'.
 */
export function dedupExact(rows: Example[]): DedupResult {
  const firstByKey = new Map<string, Example>();
  const kept: Example[] = [];
  const duplicates: DuplicateRecord[] = [];
  for (const row of rows) {
    const key = dedupKey(row.text);
    const first = firstByKey.get(key);
    if (!first) {
      firstByKey.set(key, row);
      kept.push(row);
      continue;
    }
    const reason = first.label === row.label ? 'duplicate' : 'duplicate-conflicting-label';
    duplicates.push({ id: row.id, duplicateOf: first.id, reason });
  }
  const dropped = {
    duplicate: duplicates.filter((d) => d.reason === 'duplicate').length,
    'duplicate-conflicting-label': duplicates.filter((d) => d.reason === 'duplicate-conflicting-label').length,
  };
  return { rows: kept, report: makeStageReport('dedup', rows.length, kept.length, dropped), duplicates };
}
