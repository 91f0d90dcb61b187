import type { Example } from '../core/example';
import { stripHtml } from './html-text';
import { makeStageReport, type StageReport } from './stage-report';

/** Options; taken from `curation` in the experiment config. */
export interface CleanOptions {
  lowercase: boolean;
  stripHtml: boolean;
}

/** Result of {@link cleanExamples}. */
export interface CleanResult {
  rows: Example[];
  report: StageReport;
}

/**
 * Control characters that survive validation (tab, line breaks, C1 controls
 * such as U+0085 / U+0096 left by Windows-1252 text mis-decoded as Latin-1)
 * and zero-width characters: replaced by a space so whitespace collapsing
 * handles them.
 */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g;

/**
 * Normalises one text: HTML stripping (optional), Unicode NFKC (so full-width
 * letters, ligatures and compatibility forms compare equal), control and
 * zero-width characters to spaces, whitespace collapsed to single spaces,
 * trimmed, then lowercased (optional, locale-independent). Pure.
 */
export function cleanText(text: string, opts: CleanOptions): string {
  let out = opts.stripHtml ? stripHtml(text) : text;
  out = out.normalize('NFKC').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  return opts.lowercase ? out.toLowerCase() : out;
}

/**
 * Cleans every example's text with {@link cleanText}. Ids, labels and groups
 * are unchanged; rows whose text becomes empty are dropped (reason
 * 'empty-after-cleaning'). Deterministic; preserves order; inputs are not
 * mutated. Report stage: 'clean'.
 */
export function cleanExamples(rows: Example[], opts: CleanOptions): CleanResult {
  const out: Example[] = [];
  let empty = 0;
  for (const row of rows) {
    const text = cleanText(row.text, opts);
    if (text === '') empty++;
    else out.push({ ...row, text });
  }
  return { rows: out, report: makeStageReport('clean', rows.length, out.length, { 'empty-after-cleaning': empty }) };
}
