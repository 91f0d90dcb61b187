import type { RawRow } from './raw-row';
import { decodeUtf8Strict } from './decode-utf8';
import { DataError } from '../../core/errors';
import { parseSplitValue } from '../split/given-splits';

/** One file of a label-folder dataset: its path relative to the dataset root, and its bytes. */
export interface LabelFolderFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * Reads the "plain text per label folder" layout: `<root>/<label>/<name>.txt`,
 * one example per file (the whole file is the text), the folder name is the
 * label. Files are taken in path order, so row numbers are stable; a file's
 * path is kept in `group` so quarantine reports can name it.
 *
 * The split-first layout `<root>/<split>/<label>/<name>.txt` (split: train,
 * val/validation/dev or test, as in many published corpora) gives each row
 * its split too, which curation then honours exactly.
 *
 * Readers never judge content: a file outside a label folder, a non-.txt file
 * or a file that is not UTF-8 becomes a row with a `problem`, which validation
 * quarantines with the file's path.
 * @throws DataError when the folder holds no files at all.
 */
export function rowsFromLabelFolders(files: readonly LabelFolderFile[]): RawRow[] {
  if (files.length === 0) {
    throw new DataError(
      'dataset folder is empty: expected <label>/<name>.txt files (one example per file); check dataset.source.uri',
    );
  }
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file, i): RawRow => {
      const parts = file.path.split('/').filter(Boolean);
      const base: Pick<RawRow, 'rowNumber' | 'group' | 'split'> = { rowNumber: i + 1, group: file.path };
      const split = parts.length === 3 ? parseSplitValue(parts[0]) : undefined;
      if (split) {
        base.split = parts[0];
        parts.shift();
      }
      if (parts.length !== 2)
        return {
          ...base,
          text: undefined,
          label: undefined,
          problem: `${file.path}: expected <label>/<name>.txt or <split>/<label>/<name>.txt (split: train, val or test) under the dataset folder`,
        };
      if (!parts[1].toLowerCase().endsWith('.txt'))
        return { ...base, text: undefined, label: parts[0], problem: `${file.path}: not a .txt file` };
      try {
        return { ...base, text: decodeUtf8Strict(file.bytes, file.path), label: parts[0] };
      } catch (err) {
        return { ...base, text: undefined, label: parts[0], problem: (err as Error).message };
      }
    });
}
