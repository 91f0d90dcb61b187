/**
 * One row as read from a dataset file or builtin source, before validation.
 * Fields are `unknown` on purpose: readers never judge content, they only
 * report what they found; {@link validateRows} decides what is usable.
 *
 * Invariants: `rowNumber` is 1-based and unique within one dataset (for files
 * it is the physical line where the record starts, so a user can find it in an
 * editor); it becomes the example id `r<rowNumber>`.
 */
export interface RawRow {
  rowNumber: number;
  text: unknown;
  label: unknown;
  /** Optional grouping key (e.g. the source of a builtin row). Never used for splitting unless asked. */
  group?: string;
  /** The row's value in the split column (`dataset.source.splitField`), unjudged; validation maps it to train/val/test. */
  split?: unknown;
  /**
   * Set by a reader when the record itself could not be parsed (bad JSON line,
   * wrong CSV field count). Validation quarantines such rows as 'malformed-row'
   * with this text as the detail, instead of crashing the whole run.
   */
  problem?: string;
}
