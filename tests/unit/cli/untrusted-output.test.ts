import { formatBarLine } from '../../../cli/progress-bars';
import { formatPredictions } from '../../../cli/predict';
import { formatSweepProgress } from '../../../cli/sweep-commands';
import { progressLine } from '../../../cli/watch-run';
import type { PipelineStatus } from '../../../workflows/fine-tune-pipeline';
import type { SweepProgress } from '../../../workflows/sweep-messages';

/** Strings from data that try to drive the terminal: clear screen, retitle, 8-bit CSI, RTL override, isolate. */
const CLEAR = 'pos\x1b[2J';
const TITLE = 'neg\x1b]0;pwned\x07';
const BIDI = 'ok\u202etxt.exe\u2066';
const C1 = 'x\x9b31m';

/** A character a terminal acts on, or that reorders/hides text (newline and tab excepted: the formats use them). */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

test('predict lines show hostile labels and texts as escapes', () => {
  const out = formatPredictions(
    [`hello ${BIDI}`, 'plain'],
    [
      { label: CLEAR, probabilities: { [CLEAR]: 0.9, [TITLE]: 0.05, [C1]: 0.05 } },
      { label: TITLE, probabilities: { [CLEAR]: 0.1, [TITLE]: 0.8, [C1]: 0.1 } },
    ],
  );
  expect(out).not.toMatch(UNSAFE);
  const [first, second] = out.split('\n');
  expect(first.split('\t')[0]).toBe('pos\\x1b[2J');
  expect(first).toContain('x\\x9b31m=0.050');
  expect(first).toContain('hello ok\\u202etxt.exe\\u2066');
  expect(second.split('\t')[0]).toBe('neg\\x1b]0;pwned\\x07');
});

const sweep: SweepProgress = {
  state: 'done',
  generation: 0,
  control: { paused: false, stopRequested: true, maxTrials: 2, parallelism: 1 },
  started: 2,
  running: 0,
  completed: 1,
  failed: 1,
  pruned: 0,
  best: { trialId: `t-${CLEAR}`, score: 0.9, params: { [BIDI]: 1 } },
  endReason: `stopped: ${TITLE}`,
  trials: [{ trialId: `t-${CLEAR}`, index: 0, params: { [BIDI]: 1 }, status: 'completed', score: 0.9 }],
  audit: [
    {
      at: '2026-01-01T00:00:00Z',
      via: 'update',
      outcome: 'applied',
      command: { action: 'stop', reason: C1 },
      message: `stopping ${TITLE}`,
    },
  ] as SweepProgress['audit'],
};

test('describe (formatSweepProgress) escapes reasons, ids, params and audit text', () => {
  const out = formatSweepProgress('sweep-1', sweep);
  expect(out).not.toMatch(UNSAFE);
  expect(out).toContain('done (stopped: neg\\x1b]0;pwned\\x07)');
  expect(out).toContain('best t-pos\\x1b[2J');
  expect(out).toContain('\\u202e');
  expect(out).toContain('stopping neg\\x1b]0;pwned\\x07');
});

test('progress lines and bars escape trial ids and heartbeat text', () => {
  const status = { stage: 'sweeping', sweepWorkflowId: 's' } as PipelineStatus;
  const line = progressLine(status, { ...sweep, state: 'running' });
  expect(line).not.toMatch(UNSAFE);
  expect(line).toContain('best t-pos\\x1b[2J');
  const bar = formatBarLine({ key: 't', value: 1, total: 2, label: `t ${TITLE} ${BIDI}` });
  expect(bar).not.toMatch(UNSAFE);
  expect(bar).toContain('t neg\\x1b]0;pwned\\x07 ok\\u202etxt.exe\\u2066');
});
