import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const dir = path.join(ROOT, 'tests/fixtures/histories');
const replay = (target: string) =>
  run(process.execPath, ['--import', 'tsx', 'scripts/replay-histories.ts', target], { cwd: ROOT });

jest.setTimeout(180_000);

/**
 * Determinism guard: histories recorded from real runs must replay against
 * the current workflow code, so a change that would break running executions
 * (reordered or new commands without `patched()`) fails here, not in
 * production. To add fixtures: `FF_KEEP_STACK=1 npm run demo`, then
 * `npx tsx scripts/record-histories.ts <runId> <N>`.
 */
test('fixtures cover every workflow', () => {
  const names = readdirSync(dir).map((f) => f.replace(/-v\d+\.json$/, ''));
  expect(names).toEqual(expect.arrayContaining(['pipeline', 'hpo-sweep', 'train-trial']));
});

test('every recorded history replays against the current workflow code', async () => {
  const { stdout } = await replay(dir);
  expect(stdout).toMatch(/replay ok: pipeline-v1\.json/);
  expect(stdout).toMatch(/replay ok: hpo-sweep-v1\.json/);
  expect(stdout).toMatch(/replay ok: train-trial-v1\.json/);
  // A run restarted by `cli recover` (tests/chaos/pipeline-recover.test.ts with FF_RECORD_RECOVERY_FIXTURES=1):
  // its recovery input, the sweep's relaunch of a running trial, and that trial resuming from its checkpoint.
  expect(stdout).toMatch(/replay ok: pipeline-recovered-v1\.json/);
  expect(stdout).toMatch(/replay ok: hpo-sweep-recovered-v1\.json/);
  expect(stdout).toMatch(/replay ok: train-trial-recovered-v1\.json/);
});

test('a history that no longer matches the code is caught', async () => {
  // Rename the trial's activity in a copy: the code schedules trainModel, the history says otherwise.
  const history = readFileSync(path.join(dir, 'train-trial-v1.json'), 'utf8').replace(
    /"name": "trainModel"/g,
    '"name": "trainModelV0"',
  );
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ff-replay-')), 'tampered.json');
  writeFileSync(file, history);
  const err = await replay(file).catch((e: { code: number; stdout: string }) => e);
  expect((err as { code: number }).code).toBe(1);
  expect((err as { stdout: string }).stdout).toMatch(/replay FAILED: tampered\.json/);
});
