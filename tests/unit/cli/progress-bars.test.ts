import { formatBarLine, ProgressBars, progressView, type WatchSnapshot } from '../../../cli/progress-bars';
import { lineReporter, reporterFor } from '../../../cli/watch-run';
import type { SweepProgress, TrialRow } from '../../../workflows/sweep-messages';

function sweep(over: Partial<SweepProgress> = {}, trials: TrialRow[] = []): SweepProgress {
  return {
    state: 'running',
    generation: 0,
    control: { paused: false, stopRequested: false, maxTrials: 4, parallelism: 2 },
    started: trials.length,
    scheduled: trials.filter((t) => t.status === 'scheduled').length,
    running: trials.filter((t) => t.status === 'running').length,
    completed: trials.filter((t) => t.status === 'completed').length,
    failed: 0,
    pruned: 0,
    trials,
    audit: [],
    ...over,
  };
}
const row = (index: number, status: TrialRow['status'], score?: number): TrialRow => ({
  trialId: `trial-${String(index).padStart(4, '0')}`,
  index,
  params: { learningRate: 0.01 },
  status,
  score,
});
const status = (stage: string) => ({ stage, sweepWorkflowId: 'run-sweep' }) as WatchSnapshot['status'];

describe('progressView', () => {
  test('overall bar counts finished trials against the budget and names stage and best', () => {
    const trials = [row(0, 'completed', 0.81), row(1, 'running'), row(2, 'scheduled')];
    const view = progressView({
      status: status('sweeping'),
      sweep: sweep({ pruned: 0, best: { trialId: 'trial-0000', score: 0.8123, params: {} } }, trials),
    });
    expect(view.overall).toEqual({
      key: 'overall',
      value: 1,
      total: 4,
      label: 'stage: sweeping | 1 scheduled, 1 running, 0 pruned, 0 failed | best trial-0000 0.8123',
    });
  });

  test('one line per running trial, in trial order, with the epochs from its heartbeat', () => {
    const trials = [row(2, 'running'), row(0, 'completed', 0.7), row(1, 'running')];
    const view = progressView({
      status: status('sweeping'),
      sweep: sweep({}, trials),
      trialEpochs: [
        { trialId: 'trial-0002', epoch: 0, epochs: 3 },
        { trialId: 'trial-0001', epoch: 2, epochs: 3, detail: 'val_macro_f1 0.8000, val loss 0.4000, 900 samples/s' },
      ],
    });
    expect(view.trials).toEqual([
      {
        key: 'trial-0001',
        value: 2,
        total: 3,
        label: 'trial-0001 val_macro_f1 0.8000, val loss 0.4000, 900 samples/s',
      },
      { key: 'trial-0002', value: 0, total: 3, label: 'trial-0002' },
    ]);
  });

  test('a running trial without epoch data gets 0/unknown; no sweep yet gives an empty overall bar', () => {
    expect(progressView({ status: status('sweeping'), sweep: sweep({}, [row(0, 'running')]) }).trials).toEqual([
      { key: 'trial-0000', value: 0, total: 0, label: 'trial-0000' },
    ]);
    const before = progressView({ status: status('curating') });
    expect(before.overall).toMatchObject({ value: 0, total: 0, label: 'stage: curating' });
    expect(before.trials).toEqual([]);
  });

  test('a paused sweep says so; pruned and failed trials count as done', () => {
    const view = progressView({
      status: status('sweeping'),
      sweep: sweep({ state: 'paused', pruned: 1, failed: 1, completed: 1 }),
    });
    expect(view.overall.value).toBe(3);
    expect(view.overall.label).toContain('PAUSED');
  });
});

describe('formatBarLine', () => {
  test('draws the filled share of the width and the count', () => {
    expect(formatBarLine({ key: 'overall', value: 1, total: 4, label: 'stage: sweeping' }, 8)).toBe(
      '[██░░░░░░] 1/4 trials | stage: sweeping',
    );
    expect(formatBarLine({ key: 'trial-0001', value: 2, total: 2, label: 'trial-0001 x' }, 4)).toBe(
      '  [████] epoch 2/2 trial-0001 x',
    );
  });

  test('an unknown total draws an empty bar with "?", and a value past the total never overflows', () => {
    expect(formatBarLine({ key: 'trial-0001', value: 0, total: 0, label: 't' }, 4)).toBe('  [░░░░] epoch 0/? t');
    expect(formatBarLine({ key: 'overall', value: 9, total: 4, label: 's' }, 4)).toBe('[████] 9/4 trials | s');
  });
});

describe('trial counts', () => {
  test('scheduled apart from running; cancelled trials count as done and are named once there are some', () => {
    const trials = [row(0, 'scheduled'), row(1, 'running'), row(2, 'cancelled'), row(3, 'completed', 0.5)];
    const lines: string[] = [];
    lineReporter((l) => lines.push(l)).show({ status: status('sweeping'), sweep: sweep({ cancelled: 1 }, trials) });
    expect(lines).toEqual([
      'stage: sweeping | trials 2/4 done (1 scheduled, 1 running, 0 pruned, 0 failed, 1 cancelled)',
    ]);
  });

  test('an older sweep without scheduled/cancelled counts reads as all running', () => {
    const old = sweep({}, [row(0, 'running')]);
    delete old.scheduled;
    expect(progressView({ status: status('sweeping'), sweep: old }).overall.label).toBe(
      'stage: sweeping | 0 scheduled, 1 running, 0 pruned, 0 failed',
    );
  });
});

describe('reporters', () => {
  test('the line reporter prints only when the line changes and never asks for trial epochs', () => {
    const lines: string[] = [];
    const r = lineReporter((l) => lines.push(l));
    const s = sweep({}, [row(0, 'running')]);
    r.show({ status: status('curating') });
    r.show({ status: status('curating') });
    r.show({ status: status('sweeping'), sweep: s });
    r.show({ status: status('sweeping'), sweep: s });
    expect(r.wantsTrialEpochs).toBe(false);
    expect(lines).toEqual([
      'stage: curating',
      'stage: sweeping | trials 0/4 done (0 scheduled, 1 running, 0 pruned, 0 failed)',
    ]);
  });

  test('a non-TTY stream gets lines, --json gets nothing, a TTY gets bars', () => {
    const written: string[] = [];
    const pipe = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const piped = reporterFor(false, pipe);
    piped.show({ status: status('augmenting') });
    expect(piped.wantsTrialEpochs).toBe(false);
    expect(written).toEqual(['stage: augmenting\n']);
    const json = reporterFor(true, pipe);
    json.show({ status: status('evaluating') });
    expect(written).toHaveLength(1);
    const tty = {
      isTTY: true,
      columns: 120,
      write: () => true,
      on: () => undefined,
      removeListener: () => undefined,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
      clearScreenDown: () => true,
    } as unknown as NodeJS.WriteStream;
    const bars = reporterFor(false, tty);
    expect(bars.wantsTrialEpochs).toBe(true);
    bars.stop();
  });
});

describe('ProgressBars on a (fake) terminal', () => {
  test('draws the overall bar and each running trial line through cli-progress', () => {
    const written: string[] = [];
    const tty = {
      isTTY: true,
      columns: 200,
      write: (t: string) => written.push(t),
      on: () => undefined,
      removeListener: () => undefined,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
      clearScreenDown: () => true,
    } as unknown as NodeJS.WriteStream;
    const bars = new ProgressBars(tty);
    const snap: WatchSnapshot = {
      status: status('sweeping'),
      sweep: sweep({}, [row(0, 'running'), row(1, 'running')]),
      trialEpochs: [{ trialId: 'trial-0001', epoch: 1, epochs: 2, detail: 'val loss 0.5' }],
    };
    bars.show(snap);
    bars.stop(); // renders the last frame (frames in between are throttled to 5 per second)
    const out = written.join('');
    const view = progressView(snap);
    expect(view.trials).toHaveLength(2);
    for (const b of [view.overall, ...view.trials]) expect(out).toContain(formatBarLine(b));
  });
});
