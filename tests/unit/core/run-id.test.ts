import {
  assertValidRunId,
  runIdProblem,
  runPrefixFor,
  runSegmentProblem,
  RUN_ID_EXAMPLE,
  RUN_ID_MAX_LENGTH,
  WORKFLOW_ID_MAX_LENGTH,
} from '../../../lib/core/run-id';
import { MemoryArtifactStore } from '../../../lib/artifacts/memory-artifact-store';
import { putArtifact } from '../../../lib/artifacts/content-addressed';
import { ArtifactAccessError } from '../../../lib/core/errors';

const GOOD = [
  RUN_ID_EXAMPLE,
  'a',
  'A1',
  '0',
  'run_1.v2',
  'x-y-z',
  'a'.repeat(RUN_ID_MAX_LENGTH),
  'a.b',
  'exp.2026-01-01T10_00',
];
const BAD = [
  'a/b',
  'x y',
  '<script>',
  '..',
  '',
  'a'.repeat(129),
  'run-\u0430',
  'ｒun',
  'run\u200b',
  '-lead',
  '.hidden',
  '_x',
  'a..b',
  'a%2Fb',
  'a:b',
  'é',
];

test.each(GOOD)('accepts %j', (id) => {
  expect(runIdProblem(id)).toBeUndefined();
  expect(assertValidRunId(id)).toBe(id);
});

test.each(BAD)('rejects %j', (id) => {
  expect(runIdProblem(id)).toEqual(expect.any(String));
  expect(() => assertValidRunId(id)).toThrow(/Invalid run id/);
});

test('a derived child id may be longer than a run id, up to the workflow-id limit', () => {
  const longestRun = 'r'.repeat(RUN_ID_MAX_LENGTH);
  const finalTrialChild = `${longestRun}-sweep-trial-0000-final`;
  expect(runIdProblem(finalTrialChild)).toMatch(/limit is 100/);
  expect(runIdProblem(finalTrialChild, WORKFLOW_ID_MAX_LENGTH)).toBeUndefined();
  expect(runIdProblem('r'.repeat(WORKFLOW_ID_MAX_LENGTH + 1), WORKFLOW_ID_MAX_LENGTH)).toMatch(/limit is 128/);
});

test('the error names the field it was given', () => {
  expect(() => assertValidRunId('a/b', '--id')).toThrow(/^Invalid --id "a\/b"/);
});

describe('key builders refuse a bad run segment (defence in depth)', () => {
  test('runPrefixFor builds runs/<id> and refuses a nested or unsafe id', () => {
    expect(runPrefixFor('demo-1')).toBe('runs/demo-1');
    expect(() => runPrefixFor('a/b')).toThrow('Invalid run id "a/b": it contains "/" (U+002F).');
  });

  test('putArtifact refuses a runs/ prefix whose run segment is not a valid id, on any store', async () => {
    const store = new MemoryArtifactStore('run-id');
    const body = new TextEncoder().encode('x');
    await expect(putArtifact(store, { runPrefix: 'runs/x y', kind: 'metrics', body })).rejects.toThrow(
      ArtifactAccessError,
    );
    await expect(putArtifact(store, { runPrefix: 'runs/<b>/trials', kind: 'metrics', body })).rejects.toThrow(
      /contains "<"/,
    );
    await expect(
      putArtifact(store, { runPrefix: 'runs/ok-1/trials/t0', kind: 'metrics', body }),
    ).resolves.toMatchObject({ bytes: 1 });
    expect(runSegmentProblem('registry/x y/entry.json')).toBeUndefined();
  });
});
