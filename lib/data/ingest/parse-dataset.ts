import type { DatasetSource } from '../dataset-schema';
import { DataError } from '../../core/errors';
import { parseCsvRecords } from './csv-records';
import { decodeUtf8Strict } from './decode-utf8';
import { quoteVisible } from './quote-visible';
import { findDuplicateTopLevelKey } from './duplicate-json-key';
import type { RawRow } from './raw-row';

/**
 * How to read a dataset file: `format`, `textField` (JSON key / CSV header
 * column holding the text) and `labelField`, taken from the `uri` variant of
 * `dataset.source` in the experiment config.
 */
export type ParseDatasetOptions = Pick<Extract<DatasetSource, { kind: 'uri' }>, 'format' | 'textField' | 'labelField'> &
  Partial<Pick<Extract<DatasetSource, { kind: 'uri' }>, 'splitField' | 'groupField'>>;

/** A group key as read: strings and numbers are keys, anything else is not one. */
function groupKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The optional columns of a row: its split value and group key, each only when present. */
function optionalColumns(split: unknown, group: unknown): Pick<RawRow, 'split' | 'group'> {
  const key = groupKey(group);
  return {
    ...(split !== undefined && split !== null && split !== '' ? { split } : {}),
    ...(key ? { group: key } : {}),
  };
}

/**
 * Parses dataset file bytes into raw rows, judging nothing about content.
 *
 * - Bytes must be UTF-8 (a leading BOM is stripped).
 * - JSONL: one JSON object per line; blank lines are skipped. A line that is
 *   not valid JSON, or not an object, becomes a row with `problem` set (so
 *   validation quarantines it as 'malformed-row') rather than failing the run.
 *   `rowNumber` is the line number.
 * - CSV: RFC 4180 quoting; the first record is a required header naming the
 *   columns. A record with a different field count than the header, or with a
 *   quoting error, becomes a row with `problem`. `rowNumber` is the line on
 *   which the record starts.
 *
 * - Both: the optional split column (`splitField`, default `split`) and group
 *   column (`groupField`, default `group`) are read when present, unjudged.
 *
 * Deterministic and pure.
 *
 * @throws DataError "dataset is empty: ..." when there are no data rows;
 *   DataError naming the byte offset when the bytes are not UTF-8; DataError
 *   when the CSV header lacks the text or label column.
 */
export function parseDatasetBytes(bytes: Uint8Array, opts: ParseDatasetOptions): RawRow[] {
  const text = decodeUtf8Strict(bytes, 'dataset');
  if (text.trim() === '') {
    throw new DataError(
      `dataset is empty: the file has no rows (${bytes.length} bytes). Point dataset.source at a non-empty ${opts.format} file.`,
    );
  }
  const rows = opts.format === 'csv' ? parseCsv(text, opts) : parseJsonl(text, opts);
  if (rows.length === 0) {
    throw new DataError(`dataset is empty: the ${opts.format} file has a header or blank lines but no data rows.`);
  }
  return rows;
}

function parseJsonl(text: string, opts: ParseDatasetOptions): RawRow[] {
  const rows: RawRow[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const rowNumber = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      rows.push({ rowNumber, text: line, label: undefined, problem: `invalid JSON: ${(err as Error).message}` });
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      rows.push({ rowNumber, text: line, label: undefined, problem: 'line is JSON but not an object' });
      return;
    }
    const duplicate = findDuplicateTopLevelKey(line);
    if (duplicate !== undefined) {
      rows.push({
        rowNumber,
        text: line,
        label: undefined,
        problem: `duplicate key ${quoteVisible(duplicate)} in row ${rowNumber} (JSON keeps only the last value); keep one`,
      });
      return;
    }
    const record = value as Record<string, unknown>;
    rows.push({
      rowNumber,
      text: record[opts.textField],
      label: record[opts.labelField],
      ...optionalColumns(record[opts.splitField ?? 'split'], record[opts.groupField ?? 'group']),
    });
  });
  return rows;
}

function parseCsv(text: string, opts: ParseDatasetOptions): RawRow[] {
  const [header, ...records] = parseCsvRecords(text);
  if (header.problem) {
    throw new DataError(`dataset CSV header (line ${header.line}) is malformed: ${header.problem}`);
  }
  const columns = header.fields.map((f) => f.trim());
  const textCol = columns.indexOf(opts.textField);
  const labelCol = columns.indexOf(opts.labelField);
  const splitCol = columns.indexOf(opts.splitField ?? 'split');
  const groupCol = columns.indexOf(opts.groupField ?? 'group');
  const missing = [textCol < 0 ? opts.textField : null, labelCol < 0 ? opts.labelField : null].filter(
    (c) => c !== null,
  );
  if (missing.length > 0) {
    throw new DataError(
      `dataset CSV header has no column ${missing.map((c) => `"${c}"`).join(' or ')}; found ${columns.map(quoteVisible).join(', ')}. ` +
        'A header row is required; set dataset.source.textField / labelField to the right column names.',
      { columns, missing },
    );
  }
  return records.map((rec): RawRow => {
    const preview = rec.fields.join(',');
    if (rec.problem) return { rowNumber: rec.line, text: preview, label: undefined, problem: rec.problem };
    if (rec.fields.length !== columns.length) {
      return {
        rowNumber: rec.line,
        text: preview,
        label: undefined,
        problem: `expected ${columns.length} fields (as in the header) but found ${rec.fields.length}; quote fields that contain commas`,
      };
    }
    return {
      rowNumber: rec.line,
      text: rec.fields[textCol],
      label: rec.fields[labelCol],
      ...optionalColumns(
        splitCol >= 0 ? rec.fields[splitCol].trim() : undefined,
        groupCol >= 0 ? rec.fields[groupCol] : undefined,
      ),
    };
  });
}
