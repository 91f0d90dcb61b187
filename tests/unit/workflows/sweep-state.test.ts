import { ExperimentConfigSchema, type ExperimentConfigInput } from '../../../configs/experiment-schema';
import { SweepState } from '../../../workflows/sweep-state';
import { recordBytes } from '../../../workflows/trial-table';

const config = (search: Partial<ExperimentConfigInput['search']> = {}) =>
  ExperimentConfigSchema.parse({
    name: 'sweep-state',
    dataset: { source: { kind: 'builtin', name: 'uci-sentiment' } },
    search: {
      maxTrials: 4,
      parallelism: 2,
      space: { learningRate: { type: 'float', low: 0.001, high: 0.1 } },
      ...search,
    },
    ensemble: { topK: 1 },
  });

const T0 = 1_000_000;
const ref = (kind: 'model' | 'predictions') => ({ uri: `s3://b/p/${kind}`, sha256: 'a'.repeat(64), bytes: 1, kind });

/** Launches a trial and settles it with `status`/`score`; returns whether it became the best. */
function finish(sweep: SweepState, status: 'completed' | 'failed' | 'pruned', score?: number): boolean {
  const { trial, launchedBytes } = sweep.launch({ learningRate: 0.01 });
  trial.status = status;
  if (score !== undefined) trial.score = score;
  if (status === 'completed') Object.assign(trial, { model: ref('model'), valPredictions: ref('predictions') });
  return sweep.settled(trial, launchedBytes);
}

describe('SweepState', () => {
  test('launches up to parallelism, numbers trials, and ends once maxTrials started', () => {
    const sweep = new SweepState(config(), { fixedBytes: 0 });
    expect(sweep.canLaunch(T0, T0)).toBe(true);
    expect(sweep.slotsFree()).toBe(2);
    const a = sweep.launch({ learningRate: 0.01 });
    sweep.launch({ learningRate: 0.02 });
    expect(a.trial).toMatchObject({ trialId: 'trial-0000', index: 0, status: 'scheduled' });
    expect(sweep.canLaunch(T0, T0)).toBe(false);
    expect(sweep.progress(T0, T0, 0)).toMatchObject({ state: 'running', started: 2, scheduled: 2, running: 0 });
    a.trial.status = 'completed';
    a.trial.score = 0.7;
    expect(sweep.settled(a.trial, a.launchedBytes)).toBe(true);
    expect(sweep.slotsFree()).toBe(1);
    sweep.launch({ learningRate: 0.03 });
    sweep.launch({ learningRate: 0.04 });
    expect(sweep.endReason(T0, T0)).toBe('all 4 trials started');
    expect(sweep.progress(T0, T0, 0).state).toBe('stopping');
  });

  test('tracks the best trial, counts outcomes, and keeps artifact refs only for the ensemble candidates', () => {
    const sweep = new SweepState(config(), { fixedBytes: 0 });
    expect(finish(sweep, 'completed', 0.6)).toBe(true);
    expect(finish(sweep, 'failed')).toBe(false);
    expect(finish(sweep, 'completed', 0.8)).toBe(true);
    expect(finish(sweep, 'completed', 0.7)).toBe(false);
    expect(sweep.best()?.trialId).toBe('trial-0002');
    expect(sweep.progress(T0, T0, 3)).toMatchObject({
      state: 'done',
      generation: 3,
      completed: 3,
      failed: 1,
      pruned: 0,
      best: { trialId: 'trial-0002', score: 0.8 },
    });
    expect(sweep.trials.filter((t) => t.model).map((t) => t.trialId)).toEqual(['trial-0002']);
    expect(sweep.leaderboard(2).map((t) => t.trialId)).toEqual(['trial-0002', 'trial-0003']);
    expect(sweep.leaderboard()[0]).not.toHaveProperty('model');
    expect(sweep.carriedBytes).toBe(sweep.trials.reduce((n, t) => n + recordBytes(t), 0));
  });

  test('end reasons: stop, target value, failed trials, wall time, carried-state size, in that order of precedence', () => {
    const target = new SweepState(config({ budget: { targetValue: 0.75 } }), { fixedBytes: 0 });
    finish(target, 'completed', 0.8);
    expect(target.endReason(T0, T0)).toBe('target value 0.75 reached by trial-0000');
    target.apply('signal', { action: 'stop' }, { action: 'stop', reason: 'enough' }, 'now');
    expect(target.endReason(T0, T0)).toBe('enough');

    const failing = new SweepState(config({ maxTrials: 10, budget: { maxFailedTrials: 2 } }), { fixedBytes: 0 });
    finish(failing, 'failed');
    expect(failing.endReason(T0, T0)).toBeUndefined();
    finish(failing, 'failed');
    expect(failing.endReason(T0, T0)).toBe('2 trials failed (maxFailedTrials 2)');

    const timed = new SweepState(config({ budget: { maxWallSeconds: 60 } }), { fixedBytes: 0 });
    expect(timed.endReason(T0 + 59_999, T0)).toBeUndefined();
    expect(timed.endReason(T0 + 60_000, T0)).toBe('wall-time budget of 60 s spent');

    const big = new SweepState(config(), { fixedBytes: 950 }, 1000);
    expect(big.endReason(T0, T0)).toBeUndefined();
    finish(big, 'failed');
    expect(big.endReason(T0, T0)).toMatch(
      /^the sweep's state reached \d+ bytes \(1 trial\), near Temporal's 2 MB payload limit/,
    );
  });

  test('commands change the control state and are audited; refused ones are recorded without effect', () => {
    const sweep = new SweepState(config(), { fixedBytes: 0 });
    const before = sweep.carriedBytes;
    sweep.apply('update', { action: 'pause' }, { action: 'pause' }, '2026-12-07T00:00:00.000Z');
    expect(sweep.canLaunch(T0, T0)).toBe(false);
    expect(sweep.progress(T0, T0, 0).state).toBe('paused');
    sweep.reject('signal', { action: 'fly' }, 'unknown action', '2026-12-07T00:00:01.000Z');
    expect(sweep.audit).toEqual([
      {
        at: '2026-12-07T00:00:00.000Z',
        via: 'update',
        command: { action: 'pause' },
        outcome: 'applied',
        message: 'paused: no new trials until resumed; running trials continue',
      },
      {
        at: '2026-12-07T00:00:01.000Z',
        via: 'signal',
        command: { action: 'fly' },
        outcome: 'rejected',
        message: 'unknown action',
      },
    ]);
    expect(sweep.carriedBytes).toBe(before + sweep.audit.reduce((n, e) => n + JSON.stringify(e).length + 1, 0));
    sweep.apply('update', { action: 'resume' }, { action: 'resume' }, 'later');
    sweep.draining = true;
    expect(sweep.canLaunch(T0, T0)).toBe(false);
    expect(sweep.progress(T0, T0, 0).state).toBe('draining');
  });

  test('a generation restored from its carry continues the numbering and the control state', () => {
    const first = new SweepState(config({ maxTrials: 10 }), { fixedBytes: 0 });
    finish(first, 'completed', 0.5);
    first.apply('update', {}, { action: 'set-budget', parallelism: 1 }, 'now');
    const next = new SweepState(config({ maxTrials: 10 }), {
      trials: first.trials,
      audit: first.audit,
      control: first.control,
      fixedBytes: 0,
    });
    expect(next.running).toBe(0);
    expect(next.control.parallelism).toBe(1);
    expect(next.launch({ learningRate: 0.1 }).trial.trialId).toBe('trial-0001');
    expect(next.observations()[0]).toEqual({
      index: 0,
      params: { learningRate: 0.01 },
      state: 'completed',
      value: 0.5,
      intermediate: undefined,
    });
  });

  test('a trial is scheduled until its training reports in, then running; repeats and settled trials change nothing', () => {
    const sweep = new SweepState(config(), { fixedBytes: 0 });
    const a = sweep.launch({ learningRate: 0.01 });
    sweep.launch({ learningRate: 0.02 });
    expect(sweep.markStarted('trial-0000')).toBe(true);
    expect(sweep.markStarted('trial-0000')).toBe(false);
    expect(sweep.markStarted('trial-9999')).toBe(false);
    expect(sweep.progress(T0, T0, 0)).toMatchObject({ started: 2, scheduled: 1, running: 1 });
    // Both are pending points for the sampler, started or not.
    expect(sweep.observations().map((o) => o.state)).toEqual(['running', 'running']);
    a.trial.status = 'completed';
    a.trial.score = 0.5;
    sweep.settled(a.trial, a.launchedBytes);
    expect(sweep.markStarted('trial-0000')).toBe(false);
    expect(sweep.progress(T0, T0, 0)).toMatchObject({ scheduled: 1, running: 0, completed: 1 });
  });

  test('onDeadline cancel: nothing before the deadline; then every open trial once, scheduled and running alike', () => {
    const sweep = new SweepState(config({ budget: { maxWallSeconds: 60, onDeadline: 'cancel' } }), { fixedBytes: 0 });
    const a = sweep.launch({ learningRate: 0.01 });
    sweep.launch({ learningRate: 0.02 });
    sweep.markStarted('trial-0001');
    expect(sweep.trialsToCancel(T0 + 59_999, T0)).toEqual([]);
    expect(sweep.cancelReason('trial-0000')).toBeUndefined();
    expect(sweep.trialsToCancel(T0 + 60_000, T0).map((t) => t.trialId)).toEqual(['trial-0000', 'trial-0001']);
    expect(sweep.trialsToCancel(T0 + 61_000, T0)).toEqual([]);
    expect(sweep.cancelReason('trial-0000')).toBe(
      'cancelled at the deadline: maxWallSeconds 60 s spent (budget.onDeadline: cancel)',
    );
    expect(sweep.endReason(T0 + 60_000, T0)).toBe('wall-time budget of 60 s spent');
    expect(sweep.progress(T0 + 60_000, T0, 0).state).toBe('stopping');
    a.trial.status = 'cancelled';
    a.trial.error = sweep.cancelReason('trial-0000');
    sweep.settled(a.trial, a.launchedBytes);
    expect(sweep.progress(T0 + 60_000, T0, 0)).toMatchObject({ cancelled: 1, failed: 0, running: 1, scheduled: 0 });
    // A cancelled trial has no objective: the sampler ignores it like a failed one.
    expect(sweep.observations()[0].state).toBe('failed');
  });

  test('a cancelled trial does not count toward maxFailedTrials and is never the best', () => {
    const sweep = new SweepState(config({ budget: { maxWallSeconds: 1, onDeadline: 'cancel', maxFailedTrials: 1 } }), {
      fixedBytes: 0,
    });
    const a = sweep.launch({ learningRate: 0.01 });
    a.trial.status = 'cancelled';
    a.trial.score = 0.9;
    sweep.settled(a.trial, a.launchedBytes);
    expect(sweep.best()).toBeUndefined();
    expect(sweep.endReason(T0, T0)).toBeUndefined();
  });

  test('a trial the sampler launched across the deadline is cancelled on the next call', () => {
    const sweep = new SweepState(config({ budget: { maxWallSeconds: 60, onDeadline: 'cancel' } }), { fixedBytes: 0 });
    sweep.launch({ learningRate: 0.01 });
    expect(sweep.trialsToCancel(T0 + 60_000, T0)).toHaveLength(1);
    sweep.launch({ learningRate: 0.02 });
    expect(sweep.trialsToCancel(T0 + 60_001, T0).map((t) => t.trialId)).toEqual(['trial-0001']);
  });

  test('onDeadline finish (the default): the deadline cancels nothing', () => {
    for (const budget of [{ maxWallSeconds: 60 }, { maxWallSeconds: 60, onDeadline: 'finish' as const }]) {
      const sweep = new SweepState(config({ budget }), { fixedBytes: 0 });
      sweep.launch({ learningRate: 0.01 });
      expect(sweep.trialsToCancel(T0 + 3_600_000, T0)).toEqual([]);
      expect(sweep.cancelReason('trial-0000')).toBeUndefined();
    }
  });
});
