/** How far into an epoch a trainer got, at a batch boundary; trainers extend it with what their metrics need (loss sums, time). */
export interface EpochProgress {
  /** The epoch (1-based). */
  epoch: number;
  /** Batches of it trained. */
  batchesDone: number;
}

/**
 * Epoch count, metric history and the consistency of the in-memory state of a
 * trainer that trains one epoch at a time and resumes exactly from its
 * checkpoints, also from the middle of an epoch.
 *
 * Contract: `begin()` opens the next epoch (returning where to continue it when
 * the ledger was restored mid-epoch), `reached()` records each batch boundary
 * and `finish()` closes the epoch. When the epoch throws, the trainer calls
 * `interrupted()`: an abort between batches (the signal's reason) leaves the
 * state at the last boundary, which `savePoint()` then allows checkpointing;
 * anything else (divergence) may leave a batch half-applied, so from then on
 * `begin()` and `savePoint()` throw and the caller resumes from its last
 * checkpoint instead. `history` is replaced, never mutated, so an array handed
 * out earlier keeps its contents.
 */
export class EpochLedger<M, P extends EpochProgress = EpochProgress> {
  private done = 0;
  private past: M[] = [];
  private open = false;
  /** Progress of the open epoch at its last batch boundary (null before its first batch). */
  private boundary: P | null = null;
  /** Mid-epoch progress of a restored checkpoint, handed to the next `begin()`. */
  private resumePoint: P | null = null;
  private aborted = false;

  /** @param trainer Name that prefixes the error messages, e.g. 'ClassifierTrainer'. */
  constructor(private readonly trainer: string) {}

  get epochsDone(): number {
    return this.done;
  }

  get history(): M[] {
    return this.past;
  }

  /** Takes over a checkpoint's progress (before any epoch of this trainer), with its partial epoch if saved mid-epoch. */
  restore(epochsDone: number, history: M[], partial?: P | null): void {
    this.done = epochsDone;
    this.past = history;
    this.resumePoint = partial?.epoch === epochsDone + 1 ? partial : null;
  }

  /**
   * Opens the next epoch: its 1-based number, and the restored progress to
   * continue from (null: start at its first batch). Throws after an interrupted epoch.
   */
  begin(): { epoch: number; from: P | null } {
    if (this.open) throw new Error(`${this.trainer}: a previous epoch was interrupted; restore from a checkpoint`);
    this.open = true;
    this.aborted = false;
    const from = this.resumePoint;
    this.resumePoint = null;
    this.boundary = from;
    return { epoch: this.done + 1, from };
  }

  /** Records the open epoch's progress at a batch boundary, where the state is consistent. */
  reached(progress: P): void {
    this.boundary = progress;
  }

  /** The open epoch threw `err`: savable only if that was `signal`'s abort, which is checked between batches. */
  interrupted(err: unknown, signal?: AbortSignal): void {
    this.aborted = signal?.aborted === true && err === signal.reason;
  }

  /** Closes the epoch opened by `begin()`, appending its metrics to the history. */
  finish(metrics: M): void {
    this.done += 1;
    this.past = [...this.past, metrics];
    this.open = false;
    this.boundary = null;
  }

  /** Where the open epoch stopped when it was aborted between batches (null: not aborted, or no batch of it ran). */
  get abortedAt(): P | null {
    return this.aborted ? this.boundary : null;
  }

  /**
   * What a checkpoint of the current state records besides `epochsDone`: null
   * at an epoch boundary, the partial epoch after an abort between batches.
   * Throws when the state may be mid-batch (an epoch interrupted otherwise).
   */
  savePoint(): { partial: P | null } {
    if (!this.open) return { partial: null };
    if (this.aborted) return { partial: this.boundary };
    throw new Error(`${this.trainer}: cannot save mid-epoch state after an interrupted epoch`);
  }
}
