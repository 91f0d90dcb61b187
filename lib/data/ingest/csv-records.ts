/**
 * A minimal RFC 4180 CSV reader (comma separator, double-quote quoting, `""`
 * as an escaped quote, line breaks inside quoted fields, CRLF / LF / CR record
 * ends). Hand-written instead of a dependency because the format subset we
 * accept is small and the error reporting (line numbers, per-record problems
 * instead of exceptions) is what matters here.
 *
 * Leniency, by design: a `"` inside an unquoted field is kept literally (e.g.
 * `5" screen`), and fully blank lines are skipped. Unrecoverable problems (text
 * after a closing quote, an unterminated quote) are reported on the record, not
 * thrown, so one bad record cannot fail a whole dataset.
 */
export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  line: number;
  fields: string[];
  /** Set when the record violates the format; the fields are then unreliable. */
  problem?: string;
}

/** Splits CSV text into records. Pure; never throws. */
export function parseCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let problem: string | undefined;
    let endOfRecord = false;
    while (!endOfRecord) {
      let field: string;
      if (text[i] === '"') {
        const quoted = readQuoted(text, i + 1);
        field = quoted.value;
        line += quoted.newlines;
        i = quoted.end;
        if (quoted.unterminated) problem ??= `unterminated quoted field (opened on line ${startLine})`;
        else if (i < n && !isSeparatorAt(text, i)) {
          problem ??= `unexpected character ${JSON.stringify(text[i])} after a closing quote`;
          const rest = readUnquoted(text, i);
          field += rest.value;
          i = rest.end;
        }
      } else {
        const unquoted = readUnquoted(text, i);
        field = unquoted.value;
        i = unquoted.end;
      }
      fields.push(field);
      if (i >= n) endOfRecord = true;
      else if (text[i] === ',') i++;
      else {
        i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
      }
    }
    const blank = fields.length === 1 && fields[0] === '' && problem === undefined;
    if (!blank) records.push(problem ? { line: startLine, fields, problem } : { line: startLine, fields });
  }
  return records;
}

function isSeparatorAt(text: string, i: number): boolean {
  const c = text[i];
  return c === ',' || c === '\n' || c === '\r';
}

/** Reads an unquoted field from `start` up to a comma, line break or the end. */
function readUnquoted(text: string, start: number): { value: string; end: number } {
  let i = start;
  while (i < text.length && !isSeparatorAt(text, i)) i++;
  return { value: text.slice(start, i), end: i };
}

/** Reads a quoted field whose opening quote is just before `start`. */
function readQuoted(
  text: string,
  start: number,
): { value: string; end: number; newlines: number; unterminated: boolean } {
  const parts: string[] = [];
  let i = start;
  let chunkStart = start;
  let newlines = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      parts.push(text.slice(chunkStart, i));
      if (text[i + 1] === '"') {
        parts.push('"');
        i += 2;
        chunkStart = i;
        continue;
      }
      return { value: parts.join(''), end: i + 1, newlines, unterminated: false };
    }
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) newlines++;
    i++;
  }
  parts.push(text.slice(chunkStart));
  return { value: parts.join(''), end: text.length, newlines, unterminated: true };
}
