import type { CurationConfig } from '../dataset-schema';
import type { Example } from '../../core/example';
import { makeStageReport, type StageReport } from '../stage-report';

/*
 * HTML stripping for scraped text (reviews, comments): removes markup and
 * decodes character references, so "<b>great</b> &amp; cheap" becomes
 * "great & cheap". Not an HTML parser: it removes what looks like a tag (a
 * `<` followed by a tag name, `/`, `!` or `?`), so ordinary text such as
 * "a < b" survives.
 */

/** script/style/noscript blocks: their content is code, never text. */
const BLOCKS = /<(script|style|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENTS = /<!--[\s\S]*?-->/g;
const TAGS = /<\/?[a-zA-Z][^<>]*>|<![^<>]*>|<\?[^<>]*>/g;
const ENTITIES = /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g;

/** Common named references; unknown names are left as they are. */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  laquo: '\u00ab',
  raquo: '\u00bb',
  bull: '\u2022',
  middot: '\u00b7',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  deg: '\u00b0',
  eacute: '\u00e9',
  egrave: '\u00e8',
  agrave: '\u00e0',
  aacute: '\u00e1',
  ccedil: '\u00e7',
  uuml: '\u00fc',
  ouml: '\u00f6',
  auml: '\u00e4',
  szlig: '\u00df',
  ntilde: '\u00f1',
  euro: '\u20ac',
  pound: '\u00a3',
  cent: '\u00a2',
  yen: '\u00a5',
  times: '\u00d7',
};

/**
 * Removes tags (replaced by a space so words do not merge), comments and
 * script/style blocks, then decodes entities once (so "&amp;lt;" becomes the
 * text "&lt;", and a decoded "&lt;b&gt;" stays literal text). Pure.
 */
export function stripHtml(text: string): string {
  return decodeEntities(text.replace(BLOCKS, ' ').replace(COMMENTS, ' ').replace(TAGS, ' '));
}

/** Decodes named (common subset) and numeric character references. Invalid code points become U+FFFD. */
export function decodeEntities(text: string): string {
  return text.replace(ENTITIES, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body] ?? whole;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : '\ufffd';
  });
}

/** Options, taken from `curation` in the experiment config. */
export type CleanOptions = Pick<CurationConfig, 'lowercase' | 'stripHtml'>;

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
