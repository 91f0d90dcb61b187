/**
 * Epoch count, metric history and interrupted-epoch guard of a trainer that
 * trains one epoch at a time and resumes exactly from its checkpoints.
 *
 * Contract: `begin()` opens the next epoch and `finish()` closes it; an epoch
 * begun but never finished (abort, divergence) leaves the in-memory model
 * mid-epoch, so from then on `begin()` and `assertSavable()` throw and the
 * caller resumes from its last checkpoint instead. `history` is replaced, never
 * mutated, so an array handed out earlier keeps its contents.
 */
export class EpochLedger<M> {
  private done = 0;
  private past: M[] = [];
  private open = false;

  /** @param trainer Name that prefixes the error messages, e.g. 'ClassifierTrainer'. */
  constructor(private readonly trainer: string) {}

  get epochsDone(): number {
    return this.done;
  }

  get history(): M[] {
    return this.past;
  }

  /** Takes over a checkpoint's progress (before any epoch of this trainer). */
  restore(epochsDone: number, history: M[]): void {
    this.done = epochsDone;
    this.past = history;
  }

  /** Opens the next epoch and returns its 1-based number; throws after an interrupted epoch. */
  begin(): number {
    if (this.open) throw new Error(`${this.trainer}: a previous epoch was interrupted; restore from a checkpoint`);
    this.open = true;
    return this.done + 1;
  }

  /** Closes the epoch opened by `begin()`, appending its metrics to the history. */
  finish(metrics: M): void {
    this.done += 1;
    this.past = [...this.past, metrics];
    this.open = false;
  }

  /** Throws when the state is mid-epoch (an epoch was interrupted), which must not be checkpointed. */
  assertSavable(): void {
    if (this.open) throw new Error(`${this.trainer}: cannot save mid-epoch state after an interrupted epoch`);
  }
}
