import type { ArtifactRef } from '../../../lib/core/artifact-ref';
import {
  missingArtifactsMessage,
  recoveryRefusal,
  recoverySummary,
  requiredArtifacts,
  orphanGraceLeftMs,
  ORPHANED_ATTEMPT_GRACE_MS,
  type RecoverySteps,
} from '../../../lib/core/recovery-plan';

const ref = (name: string, kind: ArtifactRef['kind'] = 'dataset'): ArtifactRef => ({
  uri: `s3://b/p/runs/r1/${name}`,
  sha256: 'a'.repeat(64),
  bytes: 1,
  kind,
});
const curation = { train: ref('train'), val: ref('val'), test: ref('test') };
const augmentation = { train: ref('aug') };
const done = (trialId: string, withRefs = true) => ({
  trialId,
  status: 'completed' as const,
  ...(withRefs
    ? { model: ref(`${trialId}.ckpt`, 'model'), valPredictions: ref(`${trialId}.json`, 'predictions') }
    : {}),
});

describe('recoveryRefusal', () => {
  test.each(['FAILED', 'TERMINATED', 'CANCELLED', 'TIMED_OUT'])('a %s pipeline can be recovered', (status) => {
    expect(recoveryRefusal('r1', { status, type: 'fineTunePipeline' })).toBeUndefined();
  });

  test('a running run is refused with the watch command', () => {
    expect(recoveryRefusal('r1', { status: 'RUNNING', type: 'fineTunePipeline' })).toBe(
      'Run r1 is still running; there is nothing to recover.\nFollow it with: npx tsx cli/main.ts watch r1',
    );
  });

  test('a completed run is refused with the result command', () => {
    expect(recoveryRefusal('r1', { status: 'COMPLETED', type: 'fineTunePipeline' })).toBe(
      'Run r1 completed; there is nothing to recover.\nIts result: npx tsx cli/main.ts result r1',
    );
  });

  test('another workflow type is refused whatever its status', () => {
    expect(recoveryRefusal('r1-sweep', { status: 'FAILED', type: 'hpoSweep' })).toBe(
      'Run r1-sweep is a hpoSweep workflow, not a fineTunePipeline run; recover restarts fineTunePipeline runs only.',
    );
  });

  test('a continued-as-new execution is not recoverable', () => {
    expect(recoveryRefusal('r1', { status: 'CONTINUED_AS_NEW', type: 'fineTunePipeline' })).toBe(
      'Run r1 ended as continued_as_new; recover restarts failed, terminated, cancelled or timed-out runs only.',
    );
  });
});

describe('recoverySummary', () => {
  test('nothing finished: every step runs', () => {
    expect(recoverySummary({})).toEqual([
      'curation: to run',
      'augmentation: to run',
      'trials: sweep to run',
      'evaluation: to run',
      'registry: to run',
      'report: to write',
    ]);
  });

  test('died mid-sweep: finished trials reused, running ones resume, the rest of the budget to train', () => {
    const sweep = {
      trials: [
        done('trial-0000'),
        { trialId: 'trial-0001', status: 'failed' as const },
        { trialId: 'trial-0002', status: 'running' as const },
      ],
      control: { maxTrials: 6 },
    };
    expect(recoverySummary({ curation, augmentation }, sweep)).toEqual([
      'curation: reused',
      'augmentation: reused',
      'trials: 2 finished reused, 1 resume from their last checkpoint (trial-0002), 3 to train',
      'evaluation: to run',
      'registry: to run',
      'report: to write',
    ]);
  });

  test('died after evaluation: the sweep and evaluation are reused', () => {
    const steps: RecoverySteps = {
      curation,
      augmentation,
      sweep: { trials: [done('trial-0000'), done('trial-0001', false)] },
      evaluation: { evaluation: ref('e', 'metrics'), predictions: ref('p', 'predictions') },
    };
    expect(recoverySummary(steps)).toEqual([
      'curation: reused',
      'augmentation: reused',
      'trials: sweep finished, 2 trials reused, none to train',
      'evaluation: reused',
      'registry: to run',
      'report: to write',
    ]);
  });
});

describe('requiredArtifacts', () => {
  test('lists every ref a reused step points at, and trials only where they kept refs', () => {
    const steps: RecoverySteps = {
      curation,
      augmentation,
      sweep: { trials: [done('trial-0000'), done('trial-0001', false)] },
      registry: { entry: ref('entry.json', 'manifest') },
    };
    expect(requiredArtifacts(steps).map((r) => `${r.what} ${r.ref.uri.split('/').pop()}`)).toEqual([
      'curation: train split train',
      'curation: validation split val',
      'curation: test split test',
      'augmentation: train split aug',
      'trial-0000: model trial-0000.ckpt',
      'trial-0000: validation predictions trial-0000.json',
      'registry: entry entry.json',
    ]);
  });

  test("a dead sweep's trials are checked when the sweep had not finished", () => {
    const sweep = {
      trials: [done('trial-0003'), { trialId: 'trial-0004', status: 'running' as const }],
      control: { maxTrials: 5 },
    };
    expect(requiredArtifacts({}, sweep).map((r) => r.what)).toEqual([
      'trial-0003: model',
      'trial-0003: validation predictions',
    ]);
  });
});

test('the missing-artifacts message names each artifact and what to do', () => {
  const missing = requiredArtifacts({ curation });
  expect(missingArtifactsMessage('r1', missing)).toBe(
    [
      'Run r1 cannot be recovered: 3 artifacts its finished steps produced are missing in the store:',
      '- curation: train split: s3://b/p/runs/r1/train',
      '- curation: validation split: s3://b/p/runs/r1/val',
      '- curation: test split: s3://b/p/runs/r1/test',
      'Check FF_S3_BUCKET / FF_S3_PREFIX point at the store the run used; otherwise start a new run: npx tsx cli/main.ts start <config>',
    ].join('\n'),
  );
  expect(missingArtifactsMessage('r1', missing.slice(0, 1))).toContain(
    '1 artifact its finished steps produced is missing',
  );
});

test('orphanGraceLeftMs waits out the grace after the run closed, then nothing', () => {
  expect(orphanGraceLeftMs(1_000_000, 1_000_000 + 12_000)).toBe(ORPHANED_ATTEMPT_GRACE_MS - 12_000);
  expect(orphanGraceLeftMs(1_000_000, 1_000_000 + ORPHANED_ATTEMPT_GRACE_MS)).toBe(0);
  expect(orphanGraceLeftMs(1_000_000, 1_000_000 + 3_600_000)).toBe(0);
});
