/**
 * Making untrusted strings safe to show on a terminal or in a log.
 *
 * Label names, texts, trial ids, stop reasons and error messages come from data
 * and users. Printed raw, `\x1b[2J` clears the screen, `\x1b]0;…\x07` retitles
 * the window, and a right-to-left override (U+202E) makes `txt.exe` read as
 * `exe.txt`. These helpers render every such character as a visible escape,
 * so the reader sees that it is there and nothing acts on it.
 *
 * Escaped: C0 controls (U+0000-U+001F), DEL (U+007F), C1 controls
 * (U+0080-U+009F), line/paragraph separators (U+2028, U+2029), lone
 * surrogates, and every format character (Unicode category Cf: bidi embeddings,
 * overrides and isolates U+202A-U+202E and U+2066-U+2069, marks U+200E/U+200F,
 * zero-width spaces, U+FEFF, soft hyphen, tag characters U+E0000-U+E007F) except
 * the zero-width joiner U+200D, which joins emoji sequences and moves no text.
 * Everything else (letters of any script, emoji, combining marks) is kept.
 */

/** Characters that control a terminal or hide/reorder text. See the module comment. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;
const ZERO_WIDTH_JOINER = '\u200d';

/** Short escapes for the common whitespace controls; the rest use hex. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The visible escape of one code point: `\x1b` up to U+00FF, `\u202e` in the BMP, `\u{e0041}` above. */
function escapeCodePoint(ch: string): string {
  const short = SHORT_ESCAPES[ch];
  if (short) return short;
  const cp = ch.codePointAt(0)!;
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

/** Options of {@link printable}. */
export interface PrintableOptions {
  /** Keep line feeds as they are (for multi-line messages); default false: `\n` is shown as `\n`. */
  keepNewlines?: boolean;
}

/**
 * `s` with every terminal control and invisible format character replaced by
 * a visible escape (`\x1b`, `\u202e`, `\n`). Pure and total; a string with
 * nothing to escape comes back unchanged. The result is for display: it is not
 * meant to be unescaped (a literal backslash is left as it is).
 */
export function printable(s: string, options: PrintableOptions = {}): string {
  return s.replace(UNPRINTABLE, (ch) =>
    ch === ZERO_WIDTH_JOINER || (options.keepNewlines && ch === '\n') ? ch : escapeCodePoint(ch),
  );
}

/** Characters that JSON.stringify leaves raw but that a terminal acts on or that hide text. */
const RAW_IN_JSON = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu;

/**
 * `text` (serialized JSON) with DEL, C1 controls, line separators and format
 * characters (bidi overrides...) written as `\uXXXX` escapes. JSON.stringify
 * already escapes C0 controls; outside strings JSON holds only ASCII, so this
 * keeps the JSON valid and decoding to the same value.
 */
export function escapeJsonText(text: string): string {
  return text.replace(RAW_IN_JSON, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (ch === ZERO_WIDTH_JOINER) return ch;
    if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
    // Astral format characters (tags): a surrogate pair of escapes, as JSON requires.
    return [...ch.split('')].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  });
}

/** `JSON.stringify(value, null, space)` safe to print: see {@link escapeJsonText}. */
export function printableJson(value: unknown, space?: number): string {
  return escapeJsonText(JSON.stringify(value, null, space) ?? 'undefined');
}
