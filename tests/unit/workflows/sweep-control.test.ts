import { applySweepCommand, parseSweepCommand, type SweepControlState } from '../../../workflows/sweep-control';

const state: SweepControlState = { paused: false, stopRequested: false, maxTrials: 10, parallelism: 2 };

/** Malformed commands, as they could arrive from the Web UI's signal box or a script. */
test.each([
  [null, 'action must be one of'],
  ['pause', 'action must be one of'],
  [{}, 'action must be one of'],
  [{ action: 'PAUSE' }, 'action must be one of'],
  [{ action: 'pause', now: true }, 'Unrecognized key'],
  [{ action: 'stop', reason: 42 }, 'reason'],
  [{ action: 'set-budget' }, 'set-budget needs maxTrials, parallelism or maxFailedTrials'],
  [{ action: 'set-budget', maxTrials: 0 }, 'maxTrials: maxTrials must be at least 1'],
  [{ action: 'set-budget', maxTrials: 2.5 }, 'maxTrials'],
  [{ action: 'set-budget', parallelism: -1 }, 'parallelism: parallelism must be at least 1'],
  [{ action: 'set-budget', parallelism: '4' }, 'parallelism'],
  [{ action: 'set-budget', parallelism: 10_000 }, 'parallelism'],
  [{ action: 'set-budget', maxFailedTrials: 0 }, 'maxFailedTrials'],
])('rejects %j with a message naming the problem', (input, fragment) => {
  expect(() => parseSweepCommand(input)).toThrow(/^Invalid sweep command: /);
  expect(() => parseSweepCommand(input)).toThrow(fragment);
});

test('pause / resume / stop change only what they say', () => {
  const paused = applySweepCommand(state, parseSweepCommand({ action: 'pause' }), 3).state;
  expect(paused).toEqual({ ...state, paused: true });
  expect(applySweepCommand(paused, { action: 'resume' }, 3).state).toEqual(state);
  expect(applySweepCommand(state, { action: 'stop' }, 3).state).toMatchObject({
    stopRequested: true,
    stopReason: 'stopped by user',
  });
});

test('shrinking maxTrials below the trials already started clamps to them', () => {
  const { state: next, message } = applySweepCommand(state, { action: 'set-budget', maxTrials: 2 }, 5);
  expect(next.maxTrials).toBe(5);
  expect(message).toBe('maxTrials clamped to 5 (already started)');
  expect(applySweepCommand(state, { action: 'set-budget', maxTrials: 50, parallelism: 8 }, 5).message).toBe(
    'maxTrials 10 -> 50, parallelism 2 -> 8',
  );
});
