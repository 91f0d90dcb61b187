/**
 * First key that appears twice in the top-level object of one line of valid
 * JSON (JSON.parse keeps the last value silently), or undefined. Keys are
 * compared after unescaping (`"label"` and `"\u006cabel"` are the same key);
 * nested objects are not checked. One pass over the line, no allocation
 * except the key set: cheap enough for every row of a large JSONL file.
 *
 * @param line must already be known to parse as JSON (otherwise the answer is
 *   meaningless, never an exception).
 */
export function findDuplicateTopLevelKey(line: string): string | undefined {
  const keys = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      const end = stringEnd(line, i);
      if (depth === 1 && expectKey) {
        const raw = line.slice(i, end + 1);
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return undefined;
}

/** Index of the closing quote of the string literal opening at `start`. */
function stringEnd(line: string, start: number): number {
  let i = start + 1;
  while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
  return i;
}
