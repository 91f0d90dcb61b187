import { ApplicationFailure } from '@temporalio/common';
import { validatePipelineInput } from '../../../workflows/validate-input';
import { VALID_CONFIG } from '../../bad-input/config-cases';

const steps = { curation: { labels: ['neg', 'pos'] } };

test('a recovery input is accepted; `original` is the envelope without it, what a later recover starts again with', () => {
  const input = {
    schemaVersion: 1,
    config: VALID_CONFIG,
    trainingTaskQueue: 'gpu',
    recovery: { fromExecution: 'r-1', steps },
  };
  const valid = validatePipelineInput(input);
  expect(valid.recovery).toEqual({ fromExecution: 'r-1', steps });
  expect(valid.original).toEqual({ schemaVersion: 1, config: VALID_CONFIG, trainingTaskQueue: 'gpu' });
  expect(valid.trainingTaskQueue).toBe('gpu');
});

test('without recovery nothing is reused, and a bare config (Web UI) is wrapped as {config}', () => {
  expect(validatePipelineInput({ config: VALID_CONFIG }).recovery).toBeUndefined();
  const bare = validatePipelineInput(VALID_CONFIG);
  expect(bare.recovery).toBeUndefined();
  expect(bare.original).toEqual({ config: VALID_CONFIG });
});

test.each([5, null, { fromExecution: 'r-1' }, { steps: null }])(
  'a malformed recovery (%j) fails once, naming the field',
  (recovery) => {
    let err: unknown;
    try {
      validatePipelineInput({ config: VALID_CONFIG, recovery });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as ApplicationFailure).message).toBe(
      'Invalid fineTunePipeline input (1 problem):\n- recovery: must be {"fromExecution": ..., "steps": {...}} as `cli recover` writes it; omit it to start a run',
    );
  },
);
