import { assertValidRunId, runIdProblem, RUN_ID_EXAMPLE, RUN_ID_MAX_LENGTH, WORKFLOW_ID_MAX_LENGTH } from '../../../lib/core/run-id';

const GOOD = [RUN_ID_EXAMPLE, 'a', 'A1', '0', 'run_1.v2', 'x-y-z', 'a'.repeat(RUN_ID_MAX_LENGTH), 'a.b', 'exp.2026-01-01T10_00'];
const BAD = ['a/b', 'x y', '<script>', '..', '', 'a'.repeat(129), 'run-\u0430', 'ｒun', 'run\u200b', '-lead', '.hidden', '_x', 'a..b', 'a%2Fb', 'a:b', 'é'];

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
