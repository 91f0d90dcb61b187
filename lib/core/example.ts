import { z } from 'zod';

/**
 * One labeled text example: the row format of every dataset artifact (JSONL,
 * one object per line). `id` is stable through curation so quarantine and
 * dedup reports can name rows; `group` keeps related rows in one split;
 * `split`, when the data gives one, fixes the row's split.
 */
export const ExampleSchema = z.object({
  id: z.string(),
  text: z.string(),
  label: z.string(),
  group: z.string().optional(),
  /** The split the dataset file assigned this row to (its split column); curation then honours it exactly. */
  split: z.enum(['train', 'val', 'test']).optional(),
});
export type Example = z.infer<typeof ExampleSchema>;

/** Serialises examples as JSONL bytes (UTF-8, one JSON object per line). */
export function examplesToJsonl(rows: readonly Example[]): Uint8Array {
  return new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
}

/** Parses JSONL bytes written by {@link examplesToJsonl}. Throws on malformed lines. */
export function examplesFromJsonl(bytes: Uint8Array): Example[] {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => ExampleSchema.parse(JSON.parse(line)));
}
