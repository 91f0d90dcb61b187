import type { DatasetConfig } from './dataset-schema';
import type { Example } from '../core/example';
import { DataError } from '../core/errors';
import type { RawRow } from './ingest/raw-row';
import { assertSplitsAllOrNone, parseSplitValue } from './split/given-splits';
import { countReasons, makeStageReport, type StageReport } from './stage-report';

/** Why a row was quarantined. */
export type QuarantineReason =
  | 'missing-text'
  | 'empty-text'
  | 'text-too-long'
  | 'missing-label'
  | 'unknown-label'
  | 'malformed-row'
  | 'control-characters';

/** A row set aside by validation, with enough context for the user to find and fix it. */
export interface QuarantinedRow {
  rowNumber: number;
  reason: QuarantineReason;
  /** First 80 characters of the row's text (or of the raw line for malformed rows). */
  preview: string;
  /** Extra detail, e.g. the JSON parse error or the unknown label. */
  detail?: string;
}

/**
 * Options, taken from `dataset` in the experiment config: `labels` (declared
 * label set; inferred from the valid rows, sorted, when omitted),
 * `maxTextChars` (longer texts, counted in code points, are quarantined),
 * `maxBadFraction` (fail when quarantined / total exceeds it) and
 * `labelCase` (`exact` when omitted; `fold` merges labels that differ only in case).
 */
export type ValidateRowsOptions = Pick<DatasetConfig, 'labels' | 'maxTextChars' | 'maxBadFraction'> &
  Partial<Pick<DatasetConfig, 'labelCase'>> & {
    /** The split column's name, for messages (default `split`). */
    splitField?: string;
  };

/** Result of {@link validateRows}. */
export interface ValidateRowsResult {
  valid: Example[];
  quarantined: QuarantinedRow[];
  /** Declared labels (declared order, duplicates removed) or inferred labels (sorted). */
  labels: string[];
  report: StageReport;
}

const PREVIEW_CHARS = 80;
/** NUL and other C0 controls except tab, LF, CR, plus DEL: signs of binary or corrupt data. */
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/**
 * What a label must not contain: every C0 control (tab and newlines included),
 * DEL, C1 controls, and the bidi embedding/override/isolate characters
 * (U+202A-U+202E, U+2066-U+2069), which make two labels look alike or reorder
 * what a report shows.
 */
const LABEL_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/**
 * Splits raw rows into valid examples and quarantined rows.
 *
 * Checks, in order (first failure wins): malformed-row (reader `problem`),
 * missing-text, malformed-row (text not a string), empty-text (blank),
 * control-characters, text-too-long, missing-label, malformed-row (label not a
 * string/number/boolean), control-characters (label holds a C0/C1 control or a
 * bidi override/isolate; the detail names it as U+XXXX), unknown-label (only
 * with declared labels), malformed-row (a split value that is not train, val
 * or test). Labels are NFKC-normalised and trimmed; numbers and
 * booleans become strings. Texts are kept unchanged
 * (cleaning is a later stage). Example ids are `r<rowNumber>`; `group` is kept.
 *
 * Deterministic; output preserves input order.
 *
 * @throws DataError when there are no rows; when the quarantined fraction
 *   exceeds `maxBadFraction` (message lists counts per reason, the first 5 bad
 *   rows with row numbers, and the fix); when inferred labels differ only in
 *   case (e.g. `Neg`/`neg`: the message lists each collision with its
 *   spellings, row counts and first row); when fewer than 2 distinct labels
 *   remain among valid rows (single-class dataset); when row numbers repeat;
 *   when some valid rows name a split and others do not.
 */
export function validateRows(rows: RawRow[], opts: ValidateRowsOptions): ValidateRowsResult {
  if (rows.length === 0) throw new DataError('dataset is empty: no rows to validate.');
  const declared = opts.labels ? [...new Set(opts.labels)] : undefined;
  const fold = opts.labelCase === 'fold';
  const declaredSet = declared ? new Set(declared) : undefined;
  const declaredByFolded = fold && declared ? new Map(declared.map((l) => [l.toLowerCase(), l])) : undefined;
  const valid: Example[] = [];
  const quarantined: QuarantinedRow[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    if (seen.has(row.rowNumber)) {
      throw new DataError(
        `row number ${row.rowNumber} appears twice; row numbers must be unique (they become example ids)`,
      );
    }
    seen.add(row.rowNumber);
    const outcome = checkRow(row, opts.maxTextChars, declaredSet, declaredByFolded);
    if ('reason' in outcome) quarantined.push(outcome);
    else valid.push(outcome);
  }
  const report = makeStageReport('validate', rows.length, valid.length, countReasons(quarantined.map((q) => q.reason)));
  assertBadFraction(rows.length, quarantined, report, opts.maxBadFraction);
  assertSplitsAllOrNone(valid, opts.splitField ?? 'split');
  if (!declared && fold) foldLabelCase(valid);
  else if (!declared) assertNoCaseCollisions(valid);
  const present = [...new Set(valid.map((e) => e.label))].sort();
  if (present.length < 2) {
    throw new DataError(
      `dataset has a single class: only ${present.length === 0 ? 'no labels' : `label "${present[0]}"`} among ${valid.length} valid rows. ` +
        'A classifier needs at least 2 labels; check dataset.source.labelField and the data.',
      { labels: present },
    );
  }
  return { valid, quarantined, labels: declared ?? present, report };
}

function checkRow(
  row: RawRow,
  maxTextChars: number,
  declared?: Set<string>,
  declaredByFolded?: Map<string, string>,
): Example | QuarantinedRow {
  const bad = (reason: QuarantineReason, detail?: string): QuarantinedRow => ({
    rowNumber: row.rowNumber,
    reason,
    preview: previewOf(row.text),
    ...(detail ? { detail } : {}),
  });
  if (row.problem !== undefined) return bad('malformed-row', row.problem);
  const { text } = row;
  if (text === undefined || text === null) return bad('missing-text');
  if (typeof text !== 'string') return bad('malformed-row', `text is a ${typeof text}, not a string`);
  if (text.trim() === '') return bad('empty-text');
  if (CONTROL_CHARS.test(text))
    return bad('control-characters', 'text contains NUL or other control bytes (binary data?)');
  if (text.length > maxTextChars && codePoints(text) > maxTextChars) {
    return bad('text-too-long', `${codePoints(text)} characters > dataset.maxTextChars=${maxTextChars}`);
  }
  const normalised = normaliseLabel(row.label);
  const label =
    typeof normalised === 'string' ? (declaredByFolded?.get(normalised.toLowerCase()) ?? normalised) : normalised;
  if (label === undefined) return bad('missing-label');
  if (label === null) return bad('malformed-row', `label is a ${typeof row.label}, not a string`);
  const forbidden = LABEL_FORBIDDEN.exec(label);
  if (forbidden) {
    return bad(
      'control-characters',
      `label ${JSON.stringify(label)} contains ${codePointName(forbidden[0])}; remove control and bidi characters from labels`,
    );
  }
  if (declared && !declared.has(label)) return bad('unknown-label', `label "${label}" is not in dataset.labels`);
  const split = parseSplitValue(row.split);
  if (split === null) {
    return bad(
      'malformed-row',
      `split ${JSON.stringify(row.split)} is not train, val or test (validation and dev also mean val); fix the value or the split column's name (dataset.source.splitField)`,
    );
  }
  const example: Example = { id: `r${row.rowNumber}`, text, label };
  if (row.group !== undefined) example.group = row.group;
  if (split !== undefined) example.split = split;
  return example;
}

/**
 * NFKC-normalised, trimmed label string (so full-width `ｐｏｓ` and `pos`, or a
 * decomposed and a precomposed `é`, are one label); undefined when
 * missing/blank; null when of an unusable type.
 */
function normaliseLabel(label: unknown): string | undefined | null {
  if (label === undefined || label === null) return undefined;
  if (typeof label === 'number' || typeof label === 'boolean') return String(label);
  if (typeof label !== 'string') return null;
  const trimmed = label.normalize('NFKC').trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * `labelCase: fold`: rewrites, in place, every label to its class's canonical
 * spelling, where a class is the labels equal once lower-cased and the
 * canonical spelling is the most frequent one (ties: the one seen first).
 */
function foldLabelCase(valid: Example[]): void {
  const counts = new Map<string, Map<string, number>>();
  for (const e of valid) {
    const folded = e.label.toLowerCase();
    const spellings = counts.get(folded) ?? new Map<string, number>();
    counts.set(folded, spellings);
    spellings.set(e.label, (spellings.get(e.label) ?? 0) + 1);
  }
  const canonical = new Map<string, string>();
  for (const [folded, spellings] of counts) {
    let best = '';
    let bestCount = 0;
    for (const [label, n] of spellings) if (n > bestCount) [best, bestCount] = [label, n];
    canonical.set(folded, best);
  }
  for (const e of valid) e.label = canonical.get(e.label.toLowerCase()) ?? e.label;
}

/**
 * Throws DataError when two inferred labels are equal once lower-cased
 * (`Neg`, `neg`): they would silently become separate classes. Collisions are
 * listed sorted by folded label, spellings in first-seen order.
 */
function assertNoCaseCollisions(valid: Example[]): void {
  const byFolded = new Map<string, Map<string, { rows: number; first: string }>>();
  for (const e of valid) {
    const folded = e.label.toLowerCase();
    const spellings = byFolded.get(folded) ?? new Map<string, { rows: number; first: string }>();
    byFolded.set(folded, spellings);
    const seen = spellings.get(e.label);
    if (seen) seen.rows++;
    else spellings.set(e.label, { rows: 1, first: e.id.slice(1) });
  }
  const collisions = [...byFolded.entries()]
    .filter(([, spellings]) => spellings.size > 1)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (collisions.length === 0) return;
  const listed = collisions
    .map(([, spellings]) =>
      [...spellings.entries()].map(([label, s]) => `"${label}" (${s.rows} rows, first row ${s.first})`).join(' / '),
    )
    .join('; ');
  throw new DataError(
    `dataset labels differ only in case and would become separate classes: ${listed}. ` +
      'Fix: use one spelling per class in the data, or set dataset.labelCase: fold to merge them (labels are compared exactly after NFKC normalisation and trimming).',
    { collisions: collisions.map(([folded, spellings]) => ({ folded, spellings: [...spellings.keys()] })) },
  );
}

function assertBadFraction(
  total: number,
  quarantined: QuarantinedRow[],
  report: StageReport,
  maxBadFraction: number,
): void {
  const fraction = quarantined.length / total;
  if (fraction <= maxBadFraction) return;
  const byReason = Object.entries(report.dropped)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  const examples = quarantined
    .slice(0, 5)
    .map((q) => `row ${q.rowNumber} (${q.reason}${q.detail ? `: ${q.detail}` : ''}): ${JSON.stringify(q.preview)}`)
    .join('; ');
  throw new DataError(
    `dataset has too many bad rows: ${quarantined.length} of ${total} (${(fraction * 100).toFixed(1)}%) exceed ` +
      `dataset.maxBadFraction=${maxBadFraction}. By reason: ${byReason}. First bad rows: ${examples}. ` +
      'Fix: clean the data, or raise dataset.maxBadFraction if dropping these rows is acceptable.',
    { bad: quarantined.length, total, byReason: report.dropped, firstBadRows: quarantined.slice(0, 5) },
  );
}

function previewOf(text: unknown): string {
  const s = typeof text === 'string' ? text : text === undefined || text === null ? '' : (JSON.stringify(text) ?? '');
  return Array.from(s.slice(0, PREVIEW_CHARS * 2))
    .slice(0, PREVIEW_CHARS)
    .join('');
}

/** `U+202E` style name of one character, for messages (the character itself may be invisible). */
function codePointName(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
