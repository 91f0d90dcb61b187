/**
 * Hostile strings from a dataset and from a user, through the real CLI on the
 * real stack: an ANSI clear-screen (CSI `\x1b[2J`), an OSC window title
 * (`\x1b]0;pwned\x07`), a right-to-left override (U+202E) and an 8-bit CSI
 * (U+009B). Labels holding them are quarantined by validation, naming the row;
 * texts may hold the bidi and C1 ones (only C0 controls mark a text as binary).
 * Wherever such a string reaches the terminal (data upload, a failed run,
 * progress lines, describe, stop, predict, report) it must show as a visible
 * escape, and no raw ESC, BEL, U+202E or U+009B may reach stdout or stderr.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTROL_TASK_QUEUE } from '../../configs/task-queues';
import type { ExperimentConfigInput } from '../../configs/experiment-schema';
import type { RunSummary } from '../../lib/report/run-summary';
import { envVars, testWorkerEnv } from '../helpers/real-stack';
import { runCli, type CliOutput } from '../helpers/run-cli';
import { usePipelineWorkers } from '../helpers/pipeline-workers';

jest.setTimeout(600_000);

const CLEAR = '\x1b[2J';
const TITLE = '\x1b]0;pwned\x07';
const RLO = '\u202e';
const C1_CSI = '\u009b';
/** Bytes a terminal acts on (ESC, BEL, C1 CSI) or that reorder what it shows (RLO). */
const RAW = /[\x1b\x07\u009b\u202e]/;

// `cli start` puts runs on the default control queue; training goes to this test's own queue.
const env = { ...testWorkerEnv('untrusted'), FF_CONTROL_TASK_QUEUE: CONTROL_TASK_QUEUE };
const cliEnv = { ...process.env, ...envVars(env) };
const tag = `${process.pid}-${Date.now().toString(36)}`;
const experiment = `untrusted-e2e-${tag}`;
let dir: string;

usePipelineWorkers(env);
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ff-untrusted-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli(cliEnv, ...args);

/** Neither stream holds a raw control or bidi character. */
function expectClean(out: CliOutput): void {
  expect(out.stdout).not.toMatch(RAW);
  expect(out.stderr).not.toMatch(RAW);
}

const jsonl = (rows: { text: string; label: string }[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** 96 learnable rows whose texts carry RLO and C1 CSI, plus 2 rows with hostile labels (quarantined). */
function goodRows(): { text: string; label: string }[] {
  const rows = Array.from({ length: 96 }, (_, i) => {
    const pos = i % 2 === 0;
    const text = pos ? `great wonderful film ${i}` : `awful boring film ${i}`;
    return { text: i % 8 === 0 ? `${text} ${RLO}txt.exe ${C1_CSI}31m` : text, label: pos ? 'pos' : 'neg' };
  });
  return [...rows, { text: 'great again', label: `pos${CLEAR}` }, { text: 'awful again', label: `neg${TITLE}${RLO}` }];
}

function writeConfig(name: string, uri: string, maxTrials: number): string {
  const config: ExperimentConfigInput = {
    name: experiment,
    seed: 5,
    dataset: { source: { kind: 'uri', uri } },
    model: { family: 'text-classifier', maxLen: 12, vocabSize: 300 },
    search: {
      maxTrials,
      parallelism: 1,
      epochs: 2,
      space: { learningRate: { type: 'float', low: 0.01, high: 0.05, log: true } },
    },
    ensemble: { topK: 2 },
  };
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

async function upload(name: string, rows: { text: string; label: string }[]): Promise<{ out: CliOutput; uri: string }> {
  const file = path.join(dir, `${name}.jsonl`);
  writeFileSync(file, jsonl(rows));
  const out = await cli('data', 'upload', file, '--name', `${name}-${tag}.jsonl`);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return { out, uri: out.stdout.split('\n')[1] };
}

test('a dataset whose labels are all hostile fails validation, and the CLI names the row with the label escaped', async () => {
  const rows = Array.from({ length: 20 }, (_, i) => ({
    text: `some text ${i}`,
    label: i % 2 ? `pos${CLEAR}` : `neg${TITLE}${RLO}`,
  }));
  const { out: uploaded, uri } = await upload('all-bad', rows);
  expectClean(uploaded);
  // Upload reads the file with the run's reader and lists the labels as they are: escaped.
  expect(uploaded.stdout).toContain('labels neg\\x1b]0;pwned\\x07\\u202e, pos\\x1b[2J');

  const run = await cli('start', writeConfig('all-bad', uri, 1), '--id', `untrusted-bad-${tag}`, '--wait');
  expectClean(run);
  expect(run.code).toBe(1);
  // JSON.stringify in the message escapes C0 controls; the CLI escapes what it leaves raw (U+202E).
  expect(run.stderr).toContain(
    'row 1 (control-characters: label "neg\\u001b]0;pwned\\u0007\\u202e" contains U+001B; remove control and bidi characters from labels)',
  );
  expect(run.stderr).toContain(
    'row 2 (control-characters: label "pos\\u001b[2J" contains U+001B; remove control and bidi characters from labels)',
  );
});

test('a run on hostile texts: progress, describe, stop, predict and report print escapes only', async () => {
  const { out: uploaded, uri } = await upload('good', goodRows());
  expectClean(uploaded);
  expect(uploaded.stdout).toContain('98 rows');
  expect(uploaded.stdout).toContain('labels neg, neg\\x1b]0;pwned\\x07\\u202e, pos, pos\\x1b[2J');

  const runId = `untrusted-good-${tag}`;
  const started = await cli(
    'start',
    writeConfig('good', uri, 4),
    '--id',
    runId,
    '--training-queue',
    env.FF_TRAINING_TASK_QUEUE,
  );
  expect(started.code).toBe(0);
  expect(started.stdout).toContain(`Started ${runId}`);

  // Stop the sweep with a hostile reason as soon as it exists (the sweep starts after curation).
  const reason = `why ${TITLE}${RLO}${CLEAR}`;
  let stopped: CliOutput | undefined;
  for (let i = 0; i < 240 && !stopped; i++) {
    const out = await cli('stop', runId, '--reason', reason);
    if (out.code === 0) stopped = out;
    else await new Promise((r) => setTimeout(r, 500));
  }
  expect(stopped).toBeDefined();
  expectClean(stopped!);
  expect(stopped!.stdout).toContain('why \\x1b]0;pwned\\x07\\u202e\\x1b[2J');

  const watched = await cli('watch', runId);
  expectClean(watched);
  expect(watched.code).toBe(0);
  expect(watched.stdout).toMatch(/^stage: /m);
  expect(watched.stdout).toContain(`Run ${runId}: `);

  const described = await cli('describe', runId);
  expectClean(described);
  expect(described.stdout).toContain(`${runId}-sweep: done (why \\x1b]0;pwned\\x07\\u202e\\x1b[2J)`);

  const texts = [`great wonderful ${CLEAR}`, `awful ${RLO}txt.exe ${C1_CSI}31m ${TITLE}`];
  const predicted = await cli('predict', experiment, ...texts);
  expectClean(predicted);
  expect(predicted.code).toBe(0);
  expect(predicted.stderr).toBe(''); // no tfjs banner either
  const lines = predicted.stdout.trim().split('\n');
  expect(lines[0]).toMatch(new RegExp(`^Model: ${experiment} run ${runId} .*, tfjs backend \\S+`));
  expect(lines[1].endsWith('\t"great wonderful \\u001b[2J"')).toBe(true);
  expect(lines[2].endsWith('\t"awful \\u202etxt.exe \\u009b31m \\u001b]0;pwned\\u0007"')).toBe(true);
  const asJson = await cli('predict', experiment, ...texts, '--json');
  expectClean(asJson);
  expect(JSON.parse(asJson.stdout).predictions.map((p: { text: string }) => p.text)).toEqual(texts);

  const out = path.join(dir, 'report');
  const reported = await cli('report', runId, '--out', out);
  expectClean(reported);
  expect(reported.code).toBe(0);
  const [report, summary] = reported.stdout.split('\n');
  expect(report).toMatch(new RegExp(`^Report written to ${out}/report\\.html \\(\\d+\\.\\d KiB\\)$`));
  expect(summary).toMatch(new RegExp(`^Summary written to ${out}/summary\\.json \\(\\d+(\\.\\d KiB| B)\\)$`));
  // The report activity carries every trial's per-epoch objective into the summary and the all-trials chart.
  const written = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')) as RunSummary;
  const curves = written.trials.filter((t) => t.intermediate?.length);
  expect(curves.length).toBe(written.trials.filter((t) => t.status !== 'failed').length);
  expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain(
    `Validation val_macro_f1 after each epoch, all ${curves.length} trial`,
  );
});
