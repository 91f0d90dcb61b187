import { MultiBar, type SingleBar } from 'cli-progress';
import { printable } from '../lib/core/printable';
import type { PipelineStatus } from '../workflows/fine-tune-pipeline';
import type { SweepProgress } from '../workflows/sweep-messages';
import { settledTrials, trialCounts } from './trial-counts';

/**
 * Live progress of a run as bars on a terminal: one overall bar (trials done out of
 * the budget, best so far, stage) and one line per running trial (epoch k/N). The
 * model (`progressView`, `formatBarLine`) is pure and unit-tested; `ProgressBars`
 * hands the lines to cli-progress, which owns the cursor juggling (redraw in place,
 * add/remove lines, terminal width). cli-progress is chosen over hand-written ANSI
 * code because multi-line redraw on resize and interleaved output is exactly the
 * fiddly part it has solved for years (25M weekly downloads, one small dependency).
 */

/** Where one running trial stands, from its training activity's heartbeat. */
export interface TrialEpochProgress {
  trialId: string;
  /** Epochs finished (0 before the first heartbeat). */
  epoch: number;
  /** The trial's total epochs. */
  epochs: number;
  /** The heartbeat's metrics, e.g. `val_macro_f1 0.8123, val loss 0.4410, 1830 samples/s`. */
  detail?: string;
}

/** Everything one poll of a run learned; the input of every reporter. */
export interface WatchSnapshot {
  status: PipelineStatus;
  sweep?: SweepProgress;
  /** Epoch progress of the sweep's running trials (only fetched when a reporter wants it). */
  trialEpochs?: TrialEpochProgress[];
}

/** One bar: a stable key, how far (value/total) and the text after it. */
export interface BarState {
  key: string;
  value: number;
  total: number;
  label: string;
}

export interface ProgressView {
  overall: BarState;
  trials: BarState[];
}

/**
 * Bars for a snapshot. The overall bar counts finished trials (completed, pruned,
 * failed) against maxTrials and names the stage and the best trial so far; before
 * the sweep starts (curating) and after it (evaluating...) it keeps the last known
 * counts. Each trial the sweep reports as running gets a line, in trial order,
 * with the epochs its heartbeat reported (0/N, or 0/? before any heartbeat).
 */
export function progressView(s: WatchSnapshot): ProgressView {
  const sweep = s.sweep;
  const done = sweep ? settledTrials(sweep) : 0;
  const total = sweep?.control.maxTrials ?? 0;
  const parts = [`stage: ${s.status.stage}`];
  if (sweep) parts.push(trialCounts(sweep));
  if (sweep?.best) parts.push(`best ${sweep.best.trialId} ${sweep.best.score.toFixed(4)}`);
  if (sweep?.state === 'paused') parts.push('PAUSED');
  const overall = { key: 'overall', value: done, total, label: parts.join(' | ') };
  const epochs = new Map((s.trialEpochs ?? []).map((t) => [t.trialId, t]));
  const running = (sweep?.trials ?? []).filter((t) => t.status === 'running').sort((a, b) => a.index - b.index);
  const trials = running.map((t) => {
    const e = epochs.get(t.trialId);
    const label = e?.detail ? `${t.trialId} ${e.detail}` : t.trialId;
    return { key: t.trialId, value: e?.epoch ?? 0, total: e?.epochs ?? 0, label };
  });
  return { overall, trials };
}

/**
 * One rendered line: `[████░░░░] 2/4 trials | stage...` for the overall bar,
 * `  [██░░] epoch 1/2 trial-0001 ...` for a trial. A total of 0 (not known yet)
 * draws an empty bar and `?`. The bar never overflows when value > total. The label
 * (trial ids, heartbeat text) goes through {@link printable}: it must not move the cursor.
 */
export function formatBarLine(bar: BarState, width = 20): string {
  const ratio = bar.total > 0 ? Math.min(1, Math.max(0, bar.value / bar.total)) : 0;
  const filled = Math.round(ratio * width);
  const drawn = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
  const count = `${bar.value}/${bar.total > 0 ? bar.total : '?'}`;
  const label = printable(bar.label);
  return bar.key === 'overall' ? `${drawn} ${count} trials | ${label}` : `  ${drawn} epoch ${count} ${label}`;
}

/** Renders snapshots; `stop` leaves the terminal clean for the result that follows. */
export interface WatchReporter {
  /** Whether snapshots should carry per-trial epoch progress (costs one describe per running trial). */
  readonly wantsTrialEpochs: boolean;
  show(snapshot: WatchSnapshot): void;
  stop(): void;
}

/**
 * Bars redrawn in place on a TTY stream (stdout by default). Lines are slots that
 * are reused, never removed: cli-progress redraws a bar only when its own text
 * changed, so removing a bar from the middle left stale text on the lines below
 * (seen in tmux). A slot with no trial left renders as an empty line.
 */
export class ProgressBars implements WatchReporter {
  readonly wantsTrialEpochs = true;
  private readonly multi: MultiBar;
  private readonly slots: SingleBar[] = [];
  /** Lines of the last frame (the overall bar and its running trials). */
  private shown = 0;

  constructor(stream: NodeJS.WritableStream = process.stdout) {
    this.multi = new MultiBar({
      stream,
      // The whole line comes from formatBarLine; cli-progress only places and redraws it.
      format: (_options, _params, payload: { state?: BarState }) => (payload.state ? formatBarLine(payload.state) : ''),
      hideCursor: true,
      clearOnComplete: false,
      linewrap: false,
      autopadding: false,
      fps: 5,
    });
  }

  show(snapshot: WatchSnapshot): void {
    const view = progressView(snapshot);
    const lines = [view.overall, ...view.trials];
    while (this.slots.length < lines.length) this.slots.push(this.multi.create(1, 0, { state: undefined }));
    this.slots.forEach((slot, i) => slot.update(0, { state: lines[i] }));
    this.shown = lines.length;
  }

  /** Drops the empty slots at the bottom (trials that finished), then leaves the last frame on screen. */
  stop(): void {
    // Removing from the bottom shifts no line, so cli-progress leaves nothing stale.
    while (this.slots.length > this.shown) this.multi.remove(this.slots.pop()!);
    this.multi.stop();
  }
}
