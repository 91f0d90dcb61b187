/**
 * Characters that render as nothing (or reorder text) in a terminal or log:
 * C0/C1 controls, DEL, NBSP, soft hyphen, zero-width and bidi marks,
 * line/paragraph separators, word joiners and the BOM.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/gu;

/**
 * Quotes `s` for an error message so that invisible characters show: the
 * result is `"…"` with `\` and `"` escaped and every invisible character
 * written as `\uXXXX` (so a column named `text` followed by a NUL reads
 * `"text\u0000"`, not `"text"`). Pure; same input, same output.
 */
export function quoteVisible(s: string): string {
  const escaped = s
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}
